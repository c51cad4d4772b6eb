#include "solver/analysis/noise_integral.hpp"

#include <algorithm>
#include <cmath>

namespace cablespice::solver {

namespace {

constexpr double kDensityFloor = 1e-38;

} // namespace

double powerLawNoiseIntegral(double f1, double d1, double f2, double d2) {
    if (f2 <= f1) return 0.0;
    d1 = std::max(d1, kDensityFloor);
    d2 = std::max(d2, kDensityFloor);
    const double logRatio = std::log(f2 / f1);
    const double exponentPlusOne = std::log(d2 / d1) / logRatio + 1.0;
    // d1 f1 (exp((a+1) L) - 1) / (a+1), written with expm1 so a = -1 (1/f noise) gives d1 f1 L.
    if (exponentPlusOne == 0.0) return d1 * f1 * logRatio;
    return d1 * f1 * std::expm1(exponentPlusOne * logRatio) / exponentPlusOne;
}

} // namespace cablespice::solver
