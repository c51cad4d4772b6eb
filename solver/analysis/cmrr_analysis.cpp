#include "solver/analysis/cmrr_analysis.hpp"

#include "solver/analysis/ac_analysis.hpp"
#include "solver/analysis/frequency_grid.hpp"
#include "solver/analysis/frequency_sweep.hpp"
#include "solver/analysis/operating_point.hpp"
#include "solver/analysis/plot_names.hpp"
#include "solver/output/complex_parts.hpp"

#include <cmath>
#include <numbers>
#include <optional>

namespace cablespice::solver {

namespace {

const ExcitationDevice* excitation(const Circuit& circuit, const std::string& name) {
    return dynamic_cast<const ExcitationDevice*>(circuit.findDevice(name));
}

std::complex<double> outputOf(const CmrrSpec& spec, std::span<const std::complex<double>> x) {
    return x[static_cast<std::size_t>(spec.outputPositive)] - x[static_cast<std::size_t>(spec.outputNegative)];
}

AnalysisInfo cmrrInfo(std::size_t points) {
    AnalysisInfo info{std::string(plot_names::kCmrr), "frequency", VectorType::Frequency, true, {}};
    info.ownVectors = {{"adm", VectorType::Voltage}, {"acm", VectorType::Voltage}, {"cmrr", VectorType::Other}};
    info.expectedPoints = points;
    return info;
}

} // namespace

Outcome<FrequencySweepStats> runCmrr(const Circuit& circuit, const CmrrSpec& spec, SolutionObserver& observer,
                                     int threads, const LinearisedCircuit* linearised) {
    std::optional<OperatingPoint> op;
    if (circuit.isLinear()) {
        linearised = nullptr;
    } else if (!linearised) {
        auto solved = solveDcOperatingPoint(circuit, DcSettings{});
        if (!solved) return solved.error();
        linearised = &op.emplace(std::move(solved.value())).linearised;
    }
    const ExcitationDevice* dm = excitation(circuit, spec.dmSource);
    const ExcitationDevice* cm = excitation(circuit, spec.cmSource);
    if (!dm || !cm) return SolveError{SolveErrorKind::Numerical, "CMRR sources must be independent sources", -1, 0.0};
    const std::size_t width = static_cast<std::size_t>(circuit.unknownCount()) + 1;
    std::vector<std::complex<double>> differential(width), common(width);
    dm->loadUnitAc(differential);
    cm->loadUnitAc(common);
    const std::vector<double> frequencies = frequencyPoints(spec.sweep);
    observer.begin(cmrrInfo(frequencies.size()));
    FrequencySweep sweep(circuit, frequencies, 3, threads, 2 * width, linearised);
    auto stats = sweep.run(
        [&](AcSystem& system, double, std::span<std::complex<double>> row, std::span<std::complex<double>> scratch) {
            auto dmSolution = scratch.first(width);
            auto cmSolution = scratch.subspan(width, width);
            std::copy(differential.begin(), differential.end(), dmSolution.begin());
            std::copy(common.begin(), common.end(), cmSolution.begin());
            if (auto solved = system.solve(dmSolution, cmSolution); !solved) return solved;
            row[0] = outputOf(spec, dmSolution);
            row[1] = outputOf(spec, cmSolution);
            row[2] = decibels(std::abs(row[0]) / std::abs(row[1]));
            return Outcome<Done>(Done{});
        },
        [&observer](double frequency, std::span<const std::complex<double>> row) { observer.complexPoint(frequency, row); });
    observer.end(stats.ok());
    return stats;
}

} // namespace cablespice::solver
