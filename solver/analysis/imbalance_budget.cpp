#include "solver/analysis/imbalance_budget.hpp"

#include "solver/analysis/ac_analysis.hpp"
#include "solver/analysis/complex_gaussian_modulus.hpp"
#include "solver/analysis/frequency_grid.hpp"
#include "solver/analysis/frequency_sweep.hpp"
#include "solver/analysis/plot_names.hpp"
#include "solver/analysis/sensitivity_analysis.hpp"
#include "solver/output/complex_parts.hpp"

#include <cmath>
#include <numbers>

namespace cablespice::solver {

namespace {

// A toleranced element: its device and its value's change per standard deviation of each draw.
struct Toleranced {
    const SensitiveDevice* device;
    const ImbalanceBudgetSpec::Element* spread;
    double sd = 0.0;
};

std::vector<Toleranced> tolerancedElements(const Circuit& circuit, const ImbalanceBudgetSpec& spec) {
    std::vector<Toleranced> found;
    for (const auto& element : spec.elements) {
        const auto* device = dynamic_cast<const SensitiveDevice*>(circuit.findDevice(element.name));
        if (!device) continue;  // elaborated without a derivative (a line's parameters, say)
        double variance = 0.0;
        for (const auto& [draw, change] : element.perDraw) variance += change * change;
        found.push_back({device, &element, std::sqrt(variance)});
    }
    return found;
}

AnalysisInfo budgetInfo(const std::vector<Toleranced>& elements, std::size_t points) {
    AnalysisInfo info{std::string(plot_names::kImbalanceBudget), "frequency", VectorType::Frequency, true, {}};
    info.ownVectors = {{"adm", VectorType::Voltage},         {"acm", VectorType::Voltage},
                       {"sd_acm", VectorType::Voltage},      {"cmrr", VectorType::Other},
                       {"cmrr_median", VectorType::Other},   {"cmrr_p1", VectorType::Other},
                       {"cmrr_p99", VectorType::Other}};
    for (const auto& element : elements) info.ownVectors.push_back({"dacm_" + element.spread->name, VectorType::Other});
    for (const auto& element : elements) info.ownVectors.push_back({"var_" + element.spread->name, VectorType::Other});
    info.expectedPoints = points;
    return info;
}

constexpr std::size_t kSummaryColumns = 7;

// The row's summary columns from acm's derivatives (row[kSummaryColumns ...] holds them).
void fillSummary(const std::vector<Toleranced>& elements, std::span<std::complex<double>> row,
                 std::span<std::complex<double>> perDraw) {
    std::fill(perDraw.begin(), perDraw.end(), std::complex<double>{});
    const std::size_t count = elements.size();
    for (std::size_t i = 0; i < count; ++i) {
        const std::complex<double> dacm = row[kSummaryColumns + i];
        double variance = 0.0;
        for (const auto& [draw, change] : elements[i].spread->perDraw) {
            perDraw[draw] += dacm * change;
            variance += std::norm(dacm * change);
        }
        row[kSummaryColumns + count + i] = variance;
    }
    double varRe = 0.0, varIm = 0.0, cov = 0.0;
    for (std::size_t k = 0; k < perDraw.size(); ++k) {
        varRe += perDraw[k].real() * perDraw[k].real();
        varIm += perDraw[k].imag() * perDraw[k].imag();
        cov += perDraw[k].real() * perDraw[k].imag();
    }
    const std::complex<double> adm = row[0], acm = row[1];
    const ComplexGaussianModulus modulus(acm, varRe, varIm, cov);
    auto cmrrOf = [&](double gain) { return decibels(std::abs(adm) / gain); };
    row[2] = std::sqrt(varRe + varIm);
    row[3] = cmrrOf(std::abs(acm));
    row[4] = cmrrOf(modulus.quantile(0.5));
    row[5] = cmrrOf(modulus.quantile(0.99));  // the CMRR's 1 % point is |acm|'s 99 % point
    row[6] = cmrrOf(modulus.quantile(0.01));
}

} // namespace

Outcome<ImbalanceBudgetPoint> runImbalanceBudget(const Circuit& circuit, const ImbalanceBudgetSpec& spec,
                                                 SolutionObserver& observer, int threads) {
    if (!circuit.isLinear())
        return SolveError{SolveErrorKind::Numerical,
                          ".sens cmrr of a nonlinear circuit (a diode, ...) is not supported yet", -1, 0.0};
    const CmrrSpec& cmrr = spec.cmrr;
    const auto* dm = dynamic_cast<const ExcitationDevice*>(circuit.findDevice(cmrr.dmSource));
    const auto* cm = dynamic_cast<const ExcitationDevice*>(circuit.findDevice(cmrr.cmSource));
    if (!dm || !cm) return SolveError{SolveErrorKind::Numerical, "CMRR sources must be independent sources", -1, 0.0};
    const std::vector<Toleranced> elements = tolerancedElements(circuit, spec);
    const auto selector = outputSelector<std::complex<double>>(circuit, cmrr.outputPositive, cmrr.outputNegative);
    const std::size_t width = selector.size();
    std::vector<std::complex<double>> differential(width), common(width);
    dm->loadUnitAc(differential);
    cm->loadUnitAc(common);
    const std::size_t rowWidth = kSummaryColumns + 2 * elements.size();

    // One point: the two excitations and the adjoint on the factored matrix, then the summary.
    auto solvePoint = [&](AcSystem& system, double frequency, std::span<std::complex<double>> row,
                          std::span<std::complex<double>> scratch) {
        auto xdm = scratch.first(width), xcm = scratch.subspan(width, width), y = scratch.subspan(2 * width, width);
        std::copy(differential.begin(), differential.end(), xdm.begin());
        std::copy(common.begin(), common.end(), xcm.begin());
        std::copy(selector.begin(), selector.end(), y.begin());
        if (auto solved = system.solve(xdm); !solved) return solved;
        if (auto solved = system.solve(xcm); !solved) return solved;
        if (auto solved = system.solveTransposed(y); !solved) return solved;
        const auto pairOf = [&](std::span<const std::complex<double>> x) {
            return x[static_cast<std::size_t>(cmrr.outputPositive)] - x[static_cast<std::size_t>(cmrr.outputNegative)];
        };
        row[0] = pairOf(xdm);
        row[1] = pairOf(xcm);
        const double omega = 2.0 * std::numbers::pi * frequency;
        for (std::size_t i = 0; i < elements.size(); ++i)
            row[kSummaryColumns + i] = elements[i].device->acSensitivity(omega, xcm, y);
        // The per-draw sums use the scratch after the three vectors (no allocation per point).
        fillSummary(elements, row, scratch.subspan(3 * width, spec.drawCount));
        return Outcome<Done>(Done{});
    };
    const std::size_t scratchWidth = 3 * width + spec.drawCount;

    const std::vector<double> frequencies = frequencyPoints(cmrr.sweep);
    observer.begin(budgetInfo(elements, frequencies.size()));
    FrequencySweep sweep(circuit, frequencies, rowWidth, threads, scratchWidth);
    auto stats = sweep.run(solvePoint, [&observer](double frequency, std::span<const std::complex<double>> row) {
        observer.complexPoint(frequency, row);
    });
    observer.end(stats.ok());
    if (!stats) return stats.error();

    // The ranked table at exactly `at` (a point of its own, not the nearest of the sweep).
    ImbalanceBudgetPoint table;
    FrequencySweep single(circuit, {spec.at.value_or(frequencies.front())}, rowWidth, 1, scratchWidth);
    auto solved = single.run(solvePoint, [&](double frequency, std::span<const std::complex<double>> row) {
        table.frequency = frequency;
        table.adm = row[0];
        table.acm = row[1];
        table.sdAcm = row[2].real();
        table.cmrrNominal = row[3].real();
        table.cmrrMedian = row[4].real();
        table.cmrrP1 = row[5].real();
        table.cmrrP99 = row[6].real();
        for (std::size_t i = 0; i < elements.size(); ++i)
            table.elements.push_back({elements[i].spread->name, elements[i].sd, row[kSummaryColumns + i],
                                      row[kSummaryColumns + elements.size() + i].real()});
    });
    if (!solved) return solved.error();
    return table;
}

} // namespace cablespice::solver
