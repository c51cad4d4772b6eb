#include "solver/analysis/sensitivity_analysis.hpp"

#include "solver/analysis/dc_system.hpp"
#include "solver/circuit/sensitive_device.hpp"

namespace cablespice::solver {

namespace {

struct Sensitive {
    const SensitiveDevice* device;
    const std::string& name;
};

std::vector<Sensitive> sensitiveDevices(const Circuit& circuit) {
    std::vector<Sensitive> found;
    for (const auto& device : circuit.devices())
        if (const auto* sensitive = dynamic_cast<const SensitiveDevice*>(device.get()))
            found.push_back({sensitive, device->name()});
    return found;
}

// e_out: the output's selector (a node pair, or a voltage source's branch current).
std::vector<double> outputSelector(const Circuit& circuit, const SensSpec& spec) {
    std::vector<double> e(static_cast<std::size_t>(circuit.unknownCount()) + 1, 0.0);
    e[static_cast<std::size_t>(spec.outputPositive)] += 1.0;
    e[static_cast<std::size_t>(spec.outputNegative)] -= 1.0;
    e[0] = 0.0;
    return e;
}

} // namespace

Outcome<Done> runSensitivity(const Circuit& circuit, const SensSpec& spec, SolutionObserver& observer) {
    if (!circuit.isLinear())
        return SolveError{SolveErrorKind::Numerical, ".sens of a nonlinear circuit is not supported yet", -1, 0.0};
    DcSystem system(circuit);
    if (auto factored = system.factor(); !factored) return factored.error();
    std::vector<double> x;
    system.solve(x);
    std::vector<double> y = outputSelector(circuit, spec);
    system.solveTransposed(y);

    const std::vector<Sensitive> devices = sensitiveDevices(circuit);
    AnalysisInfo info{"Sensitivity Analysis", "", VectorType::Other, false, {}};
    const VectorType unit = spec.outputSource.empty() ? VectorType::Voltage : VectorType::Current;
    std::vector<double> values;
    for (const auto& [device, name] : devices) {
        info.ownVectors.push_back({name + std::string(device->sensitivitySuffix()), unit});
        values.push_back(device->dcSensitivity(x, y));
    }
    info.expectedPoints = 1;
    observer.begin(info);
    observer.realPoint(0.0, values);
    observer.end(true);
    return Done{};
}

} // namespace cablespice::solver
