#pragma once

namespace cablespice::solver {

// The integral of a noise power density over [f1, f2] [Hz], the density taken as the power law
// through its values d1 at f1 and d2 at f2 (d = d1 (f/f1)^a, a = ln(d2/d1) / ln(f2/f1)): exact
// for a resistor behind a pole on either side of it (f^0 and f^-2), and how ngspice integrates
// `.noise` between two points. Densities are floored at 1e-38 (ngspice's N_MINLOG) so an exact
// zero contributes nothing measurable instead of a logarithm of zero.
double powerLawNoiseIntegral(double f1, double d1, double f2, double d2);

} // namespace cablespice::solver
