#include "solver/analysis/noise_integral.hpp"

#include "solver/analysis/a_weighting.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace cablespice::solver {

namespace {

constexpr double kDensityFloor = 1e-38;

// The power density at f inside [f1, f2] on the power law through (f1, d1) and (f2, d2).
double powerLawAt(double f, double f1, double d1, double f2, double d2) {
    if (d1 <= 0.0 || d2 <= 0.0 || f2 == f1) return d1 + (d2 - d1) * (f - f1) / (f2 - f1);
    const double exponent = std::log(d2 / d1) / std::log(f2 / f1);
    return d1 * std::pow(f / f1, exponent);
}

double weightAt(double frequency, NoiseWeighting weighting) {
    return weighting == NoiseWeighting::A ? aWeightingPowerGain(frequency) : 1.0;
}

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

double bandNoisePower(std::span<const double> frequencies, std::span<const double> density, double lowHz,
                      double highHz, NoiseWeighting weighting) {
    assert(frequencies.size() == density.size() && "one density per frequency");
    double total = 0.0;
    for (std::size_t k = 1; k < frequencies.size(); ++k) {
        const double f1 = frequencies[k - 1], f2 = frequencies[k];
        const double a = std::max(f1, lowHz), b = std::min(f2, highHz);
        if (a >= b) continue;
        const double d1 = density[k - 1] * density[k - 1], d2 = density[k] * density[k];
        const double da = powerLawAt(a, f1, d1, f2, d2), db = powerLawAt(b, f1, d1, f2, d2);
        total += powerLawNoiseIntegral(a, da * weightAt(a, weighting), b, db * weightAt(b, weighting));
    }
    return total;
}

} // namespace cablespice::solver
