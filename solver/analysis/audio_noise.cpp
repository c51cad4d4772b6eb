#include "solver/analysis/audio_noise.hpp"

#include "solver/analysis/noise_integral.hpp"
#include "solver/output/complex_parts.hpp"

#include <algorithm>
#include <cmath>

namespace cablespice::solver {

AudioNoiseFigures audioNoiseFigures(std::span<const double> frequencies, std::span<const double> outputDensity,
                                    std::span<const double> inputDensity, double lowHz, double highHz) {
    AudioNoiseFigures figures;
    if (frequencies.empty()) return figures;
    figures.lowHz = std::max(lowHz, frequencies.front());
    figures.highHz = std::min(highHz, frequencies.back());
    constexpr auto kA = NoiseWeighting::A;
    figures.outputVolts = std::sqrt(bandNoisePower(frequencies, outputDensity, lowHz, highHz));
    figures.outputAWeightedVolts = std::sqrt(bandNoisePower(frequencies, outputDensity, lowHz, highHz, kA));
    figures.inputVolts = std::sqrt(bandNoisePower(frequencies, inputDensity, lowHz, highHz));
    figures.inputAWeightedVolts = std::sqrt(bandNoisePower(frequencies, inputDensity, lowHz, highHz, kA));
    return figures;
}

double toDbu(double volts) { return decibels(volts / std::sqrt(0.6)); }
double toDbv(double volts) { return decibels(volts); }

} // namespace cablespice::solver
