#include "solver/analysis/cmrr_analysis.hpp"

#include "solver/analysis/ac_analysis.hpp"
#include "solver/analysis/frequency_grid.hpp"

#include <cmath>
#include <numbers>

namespace cablespice::solver {

namespace {

const ExcitationDevice* excitation(const Circuit& circuit, const std::string& name) {
    return dynamic_cast<const ExcitationDevice*>(circuit.findDevice(name));
}

std::complex<double> outputOf(const CmrrSpec& spec, std::span<const std::complex<double>> x) {
    return x[static_cast<std::size_t>(spec.outputPositive)] - x[static_cast<std::size_t>(spec.outputNegative)];
}

AnalysisInfo cmrrInfo(std::size_t points) {
    AnalysisInfo info{"CMRR Analysis", "frequency", VectorType::Frequency, true, {}};
    info.ownVectors = {{"adm", VectorType::Voltage}, {"acm", VectorType::Voltage}, {"cmrr", VectorType::Other}};
    info.expectedPoints = points;
    return info;
}

} // namespace

Outcome<Done> runCmrr(const Circuit& circuit, const CmrrSpec& spec, SolutionObserver& observer) {
    const ExcitationDevice* dm = excitation(circuit, spec.dmSource);
    const ExcitationDevice* cm = excitation(circuit, spec.cmSource);
    if (!dm || !cm) return SolveError{SolveErrorKind::Numerical, "CMRR sources must be independent sources", -1, 0.0};
    AcSystem system(circuit);
    std::size_t width = static_cast<std::size_t>(circuit.unknownCount()) + 1;
    std::vector<std::complex<double>> differential(width), common(width), row(3);
    const std::vector<double> frequencies = frequencyPoints(spec.sweep);
    observer.begin(cmrrInfo(frequencies.size()));
    for (double f : frequencies) {
        auto factored = system.factorAt(2.0 * std::numbers::pi * f);
        if (!factored) {
            observer.end(false);
            return factored.error();
        }
        std::fill(differential.begin(), differential.end(), std::complex<double>{});
        std::fill(common.begin(), common.end(), std::complex<double>{});
        dm->loadUnitAc(differential);
        cm->loadUnitAc(common);
        system.solve(differential);
        system.solve(common);
        row[0] = outputOf(spec, differential);
        row[1] = outputOf(spec, common);
        row[2] = 20.0 * std::log10(std::abs(row[0]) / std::abs(row[1]));
        observer.complexPoint(f, row);
    }
    observer.end(true);
    return Done{};
}

} // namespace cablespice::solver
