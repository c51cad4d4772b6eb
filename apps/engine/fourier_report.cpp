#include "apps/engine/fourier_report.hpp"

#include "apps/engine/transient_samples.hpp"

#include <fmt/format.h>

#include <ostream>

namespace cablespice::app {

namespace {

// ngspice's number format in the table: 6 significant digits, 5 when negative.
std::string tableNumber(double value) { return value < 0.0 ? fmt::format("{:.5g}", value) : fmt::format("{:.6g}", value); }

} // namespace

std::vector<FourierReport> evaluateFourier(const elab::Deck& deck, const std::vector<RecordedAnalysis>& analyses,
                                           std::vector<Diagnostic>& errors) {
    std::vector<FourierReport> reports;
    if (deck.fourier.empty()) return reports;
    const RecordedAnalysis* transient = firstTransient(analyses);
    for (const auto& spec : deck.fourier) {
        if (!transient || transient->points() == 0) {
            errors.push_back(Diagnostic{Severity::Error, spec.origin, ".four: no transient results to analyse", {}});
            continue;
        }
        solver::FourierRequest request{spec.fundamental, spec.harmonics, transient->scale.back(), 1, 200};
        for (const auto& vector : spec.vectors) {
            auto outcome = solver::fourierAnalysis(transient->scale, vectorSamples(*transient, vector), request);
            if (!outcome.result) {
                errors.push_back(Diagnostic{Severity::Error, vector.origin, ".four " + vector.text + ": " + outcome.error, {}});
                continue;
            }
            reports.push_back(FourierReport{vector.text, spec.fundamental, std::move(*outcome.result)});
        }
    }
    return reports;
}

void printFourier(const std::vector<FourierReport>& reports, std::ostream& out) {
    for (const auto& report : reports) {
        const auto& result = report.result;
        out << "Fourier analysis for " << report.vector << ":\n";
        out << fmt::format("  No. Harmonics: {}, THD: {:g} %, Gridsize: {}, Interpolation Degree: 1\n\n",
                           result.harmonics.size(), 100.0 * result.thd, result.gridSize);
        out << fmt::format("Harmonic {:<11} {:<11} {:<11} {:<11} {:<11}\n", "Frequency", "Magnitude", "Phase", "Norm. Mag",
                           "Norm. Phase");
        out << fmt::format("-------- {:<11} {:<11} {:<11} {:<11} {:<11}\n", "---------", "---------", "-----", "---------",
                           "-----------");
        for (const auto& row : result.harmonics)
            out << fmt::format(" {:<4}    {:<11} {:<11} {:<11} {:<11} {:<11}\n", row.number, tableNumber(row.frequency),
                               tableNumber(row.magnitude), tableNumber(row.phase), tableNumber(row.normalizedMagnitude),
                               tableNumber(row.normalizedPhase));
        out << '\n';
    }
}

} // namespace cablespice::app
