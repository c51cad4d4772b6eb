#pragma once
#include <span>

namespace cablespice::solver {

// The integral of a noise power density over [f1, f2] [Hz], the density taken as the power law
// through its values d1 at f1 and d2 at f2 (d = d1 (f/f1)^a, a = ln(d2/d1) / ln(f2/f1)): exact
// for a resistor behind a pole on either side of it (f^0 and f^-2), and how ngspice integrates
// `.noise` between two points. Densities are floored at 1e-38 (ngspice's N_MINLOG) so an exact
// zero contributes nothing measurable instead of a logarithm of zero.
double powerLawNoiseIntegral(double f1, double d1, double f2, double d2);

// What a density is multiplied by before it is integrated over a band.
enum class NoiseWeighting { None, A };  // A: IEC 61672 (a_weighting.hpp), as a power ratio

// The noise power of a sampled spectrum over [lowHz, highHz] (clipped to the samples):
// `density` [per sqrt(Hz)] at `frequencies` (ascending, > 0) is squared and each interval
// integrated as a power law (powerLawNoiseIntegral). A band edge inside an interval cuts it at
// the value of that interval's power law there. Weighted by weighting each end's power density,
// which is exact to the order of the grid spacing. The rms value is its square root.
double bandNoisePower(std::span<const double> frequencies, std::span<const double> density, double lowHz,
                      double highHz, NoiseWeighting weighting = NoiseWeighting::None);

} // namespace cablespice::solver
