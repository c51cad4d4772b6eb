#include "solver/analysis/audio_noise.hpp"

#include "solver/analysis/a_weighting.hpp"
#include "solver/analysis/noise_integral.hpp"
#include "solver/output/complex_parts.hpp"

#include <algorithm>
#include <cmath>

namespace cablespice::solver {

namespace {

// The power density at f inside [f1, f2] on the power law through (f1, d1) and (f2, d2).
double powerLawAt(double f, double f1, double d1, double f2, double d2) {
    if (d1 <= 0.0 || d2 <= 0.0 || f2 == f1) return d1 + (d2 - d1) * (f - f1) / (f2 - f1);
    const double exponent = std::log(d2 / d1) / std::log(f2 / f1);
    return d1 * std::pow(f / f1, exponent);
}

// The integral of a power density over [low, high], intervals cut at the band edges.
template <class Weight>
double bandPower(std::span<const double> f, std::span<const double> density, double low, double high, Weight weight) {
    double total = 0.0;
    for (std::size_t k = 1; k < f.size(); ++k) {
        const double a = std::max(f[k - 1], low), b = std::min(f[k], high);
        if (a >= b) continue;
        const double d1 = density[k - 1] * density[k - 1], d2 = density[k] * density[k];
        const double da = powerLawAt(a, f[k - 1], d1, f[k], d2), db = powerLawAt(b, f[k - 1], d1, f[k], d2);
        total += powerLawNoiseIntegral(a, da * weight(a), b, db * weight(b));
    }
    return total;
}

} // namespace

AudioNoiseFigures audioNoiseFigures(std::span<const double> frequencies, std::span<const double> outputDensity,
                                    std::span<const double> inputDensity, double lowHz, double highHz) {
    AudioNoiseFigures figures;
    if (frequencies.empty()) return figures;
    figures.lowHz = std::max(lowHz, frequencies.front());
    figures.highHz = std::min(highHz, frequencies.back());
    auto flat = [](double) { return 1.0; };
    auto aWeighted = [](double f) { return aWeightingPowerGain(f); };
    figures.outputVolts = std::sqrt(bandPower(frequencies, outputDensity, lowHz, highHz, flat));
    figures.outputAWeightedVolts = std::sqrt(bandPower(frequencies, outputDensity, lowHz, highHz, aWeighted));
    figures.inputVolts = std::sqrt(bandPower(frequencies, inputDensity, lowHz, highHz, flat));
    figures.inputAWeightedVolts = std::sqrt(bandPower(frequencies, inputDensity, lowHz, highHz, aWeighted));
    return figures;
}

double toDbu(double volts) { return decibels(volts / std::sqrt(0.6)); }
double toDbv(double volts) { return decibels(volts); }

} // namespace cablespice::solver
