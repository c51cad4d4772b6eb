#include "solver/analysis/sensitivity_analysis.hpp"

#include "solver/analysis/ac_analysis.hpp"
#include "solver/analysis/dc_system.hpp"
#include "solver/analysis/frequency_grid.hpp"
#include "solver/analysis/frequency_sweep.hpp"
#include "solver/analysis/operating_point.hpp"
#include "solver/analysis/plot_names.hpp"

#include <numbers>

namespace cablespice::solver {

std::vector<SensitiveElement> sensitiveElements(const Circuit& circuit, bool ac) {
    std::vector<SensitiveElement> found;
    for (const auto& device : circuit.devices())
        if (const auto* sensitive = dynamic_cast<const SensitiveDevice*>(device.get()); sensitive && (ac || sensitive->affectsDc()))
            found.push_back({sensitive, device->name(), device->name() + std::string(sensitive->sensitivitySuffix())});
    return found;
}

namespace {

AnalysisInfo sensitivityInfo(const SensSpec& spec, const std::vector<SensitiveElement>& elements, bool ac,
                             std::size_t points) {
    AnalysisInfo info{std::string(plot_names::kSensitivity), ac ? "frequency" : "",
                      ac ? VectorType::Frequency : VectorType::Other, ac, {}};
    const VectorType unit = spec.outputSource.empty() ? VectorType::Voltage : VectorType::Current;
    for (const auto& element : elements) info.ownVectors.push_back({element.vectorName, unit});
    info.expectedPoints = points;
    return info;
}

// A nonlinear circuit at its operating point x: F(x, p) = 0 there, so dx/dp = -J^-1 dF/dp with
// J the Jacobian G_op, and each linear element's dF/dp = (dA/dp) x - db/dp is its DC formula.
// J^T y = e_out is solved on G_op + j0 C_op (the AC family's factorization, imaginary part 0).
Outcome<Done> adjointAtOperatingPoint(const Circuit& circuit, const SensSpec& spec, const OperatingPoint& op,
                                      std::vector<double>& y) {
    AcSystem system(circuit, op.linearised.g, op.linearised.c, op.linearised.x);
    if (auto factored = system.factorAt(0.0); !factored) return factored.error();
    auto adjoint = outputSelector<std::complex<double>>(circuit, spec.outputPositive, spec.outputNegative);
    if (auto solved = system.solveTransposed(adjoint); !solved) return solved.error();
    y.resize(adjoint.size());
    for (std::size_t k = 0; k < adjoint.size(); ++k) y[k] = adjoint[k].real();
    return Done{};
}

Outcome<Done> runDcSensitivity(const Circuit& circuit, const SensSpec& spec, SolutionObserver& observer,
                               const OperatingPoint* op) {
    std::vector<double> x, y;
    if (op) {
        x = op->x;
        if (auto solved = adjointAtOperatingPoint(circuit, spec, *op, y); !solved) return solved;
    } else {
        DcSystem system(circuit);
        if (auto factored = system.factor(); !factored) return factored.error();
        system.solve(x);
        y = outputSelector<double>(circuit, spec.outputPositive, spec.outputNegative);
        system.solveTransposed(y);
    }

    const std::vector<SensitiveElement> elements = sensitiveElements(circuit, false);
    std::vector<double> values;
    for (const auto& element : elements) values.push_back(element.device->dcSensitivity(x, y));
    observer.begin(sensitivityInfo(spec, elements, false, 1));
    observer.realPoint(0.0, values);
    observer.end(true);
    return Done{};
}

Outcome<Done> runAcSensitivity(const Circuit& circuit, const SensSpec& spec, SolutionObserver& observer, int threads) {
    const std::vector<SensitiveElement> elements = sensitiveElements(circuit, true);
    const std::vector<std::complex<double>> selector =
        outputSelector<std::complex<double>>(circuit, spec.outputPositive, spec.outputNegative);
    const std::size_t width = selector.size();
    const std::vector<double> frequencies = frequencyPoints(*spec.sweep);
    observer.begin(sensitivityInfo(spec, elements, true, frequencies.size()));
    FrequencySweep sweep(circuit, frequencies, elements.size(), threads, 2 * width);
    auto stats = sweep.run(
        [&](AcSystem& system, double frequency, std::span<std::complex<double>> row, std::span<std::complex<double>> scratch) {
            auto x = scratch.first(width);
            auto y = scratch.subspan(width, width);
            system.loadExcitation(x);
            if (auto solved = system.solve(x); !solved) return solved;
            std::copy(selector.begin(), selector.end(), y.begin());
            if (auto solved = system.solveTransposed(y); !solved) return solved;
            const double omega = 2.0 * std::numbers::pi * frequency;
            for (std::size_t k = 0; k < elements.size(); ++k) row[k] = elements[k].device->acSensitivity(omega, x, y);
            return Outcome<Done>(Done{});
        },
        [&observer](double frequency, std::span<const std::complex<double>> row) { observer.complexPoint(frequency, row); });
    observer.end(stats.ok());
    if (!stats) return stats.error();
    return Done{};
}

} // namespace

Outcome<Done> runSensitivity(const Circuit& circuit, const SensSpec& spec, SolutionObserver& observer, int threads,
                             const OperatingPoint* op) {
    if (circuit.isLinear()) op = nullptr;
    if (!circuit.isLinear() && spec.sweep)
        return SolveError{SolveErrorKind::Numerical,
                          "AC .sens of a nonlinear circuit (a diode, ...) is not supported yet: moving an element "
                          "value moves the operating point and with it the small-signal conductances, which needs "
                          "the devices' second derivatives (DC .sens of a nonlinear circuit is supported)",
                          -1, 0.0};
    if (!circuit.isLinear() && !op)
        return SolveError{SolveErrorKind::Numerical, "DC .sens of a nonlinear circuit needs its operating point", -1, 0.0};
    return spec.sweep ? runAcSensitivity(circuit, spec, observer, threads) : runDcSensitivity(circuit, spec, observer, op);
}

} // namespace cablespice::solver
