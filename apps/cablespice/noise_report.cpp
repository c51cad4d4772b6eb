#include "apps/cablespice/noise_report.hpp"

#include "solver/analysis/audio_noise.hpp"
#include "solver/analysis/plot_names.hpp"

#include <fmt/format.h>

namespace cablespice::app {

namespace {

std::vector<double> column(const RecordedAnalysis& analysis, std::size_t index) {
    std::vector<double> values;
    values.reserve(analysis.points());
    for (std::size_t p = 0; p < analysis.points(); ++p) values.push_back(analysis.value(p, index).real());
    return values;
}

std::string level(double rms, const char* unit, bool decibels) {
    if (!decibels) return fmt::format("{:.4g} {} rms", rms, unit);
    return fmt::format("{:.4g} {} rms, {:.2f} dBu, {:.2f} dBV", rms, unit, solver::toDbu(rms), solver::toDbv(rms));
}

void printOne(const RecordedAnalysis& analysis, double referenceDbu, std::ostream& out) {
    const auto output = column(analysis, 0);
    const auto input = column(analysis, 1);
    const auto figures = solver::audioNoiseFigures(analysis.scale, output, input);
    const bool currentInput = analysis.info.ownVectors.at(1).type == solver::VectorType::CurrentDensity;
    const char* inputUnit = currentInput ? "A" : "V";
    out << fmt::format("Noise report ({:g} Hz to {:g} Hz):\n", figures.lowHz, figures.highHz);
    out << "  output noise:          " << level(figures.outputVolts, "V", true) << "\n";
    out << "  output noise (A-wtd):  " << level(figures.outputAWeightedVolts, "V", true) << "\n";
    out << "  input noise (EIN):     " << level(figures.inputVolts, inputUnit, !currentInput) << "\n";
    out << "  input noise (A-wtd):   " << level(figures.inputAWeightedVolts, inputUnit, !currentInput) << "\n";
    out << fmt::format("  SNR at {:+g} dBu out:   {:.2f} dB, A-weighted {:.2f} dB\n", referenceDbu,
                       referenceDbu - solver::toDbu(figures.outputVolts),
                       referenceDbu - solver::toDbu(figures.outputAWeightedVolts));
    if (figures.lowHz > 20.0 || figures.highHz < 20e3) out << "  (the sweep covers only part of 20 Hz to 20 kHz)\n";
}

} // namespace

void printNoiseReport(const std::vector<RecordedAnalysis>& analyses, double referenceDbu, std::ostream& out) {
    for (const auto& analysis : analyses)
        if (analysis.info.plotName == solver::plot_names::kNoiseSpectrum && analysis.points() > 1)
            printOne(analysis, referenceDbu, out);
}

} // namespace cablespice::app
