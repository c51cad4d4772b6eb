#pragma once

namespace cablespice::solver {

// SPICE3's per-iteration limit on a FET's gate voltage (ngspice DEVfetlim, described here in
// our words): around the threshold vto the step is kept within a few volts (the channel turns on
// or off over at most half a volt past vto per iteration), far above it a step is bounded by
// about twice the present overdrive. Returns vNew itself when no limit applies.
double limitFetVoltage(double vNew, double vOld, double vto);

} // namespace cablespice::solver
