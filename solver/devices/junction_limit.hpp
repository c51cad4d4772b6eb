#pragma once

namespace cablespice::solver {

// SPICE3's pn-junction voltage limiting (ngspice DEVpnjlim, described here in our words): above
// the critical voltage vcrit, where the exponential's Newton step overshoots, a forward step of
// more than 2*vt is replaced by one that moves the current only logarithmically; a reverse
// step is bounded below by 2*vOld - 1 (or -vOld - 1 from forward bias). `limited` tells
// whether vNew was changed (the iteration then cannot be converged).
double limitJunctionVoltage(double vNew, double vOld, double vt, double vcrit, bool& limited);

} // namespace cablespice::solver
