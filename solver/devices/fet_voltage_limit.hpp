#pragma once

namespace cablespice::solver {

// SPICE3's per-iteration limit on a FET's gate voltage (ngspice DEVfetlim, described here in
// our words): around the threshold vto the step is kept within a few volts (the channel turns on
// or off over at most half a volt past vto per iteration), far above it a step is bounded by
// about twice the present overdrive. Returns vNew itself when no limit applies.
double limitFetVoltage(double vNew, double vOld, double vto);

// SPICE3's per-iteration limit on a MOSFET's drain-source voltage (ngspice DEVlimvds, in our
// words): from below 3.5 V a step stays within [-0.5 V, 4 V]; from above, a rise is at most to
// 3 vOld + 2 and a fall below 3.5 V stops at 2 V.
double limitDrainSourceVoltage(double vNew, double vOld);

} // namespace cablespice::solver
