#include "solver/analysis/transient_initial.hpp"

#include "solver/analysis/operating_point.hpp"
#include "solver/analysis/transient_system.hpp"
#include "solver/mna/klu_factorization.hpp"

#include <algorithm>

namespace cablespice::solver {

namespace {

// q = C_lin x + q_nl(x): the nonlinear devices' charges join the linear ones.
void addNonlinearCharge(const Circuit& circuit, std::span<const double> charge, std::vector<double>& q) {
    if (circuit.isLinear()) return;
    for (std::size_t u = 1; u < q.size(); ++u) q[u] += charge[u];
}

TransientInitialState useInitialConditions(const Circuit& circuit, const InitialConditions& ics) {
    const auto size = static_cast<std::size_t>(circuit.unknownCount()) + 1;
    TransientInitialState state{std::vector<double>(size, 0.0), std::vector<double>(size, 0.0)};
    for (const auto& [u, value] : ics) state.x[static_cast<std::size_t>(u)] = value;
    const auto setByIc = [&ics](Unknown u) {
        return std::any_of(ics.begin(), ics.end(), [u](const auto& ic) { return ic.first == u; });
    };
    for (const auto* device : circuit.initialConditionDevices()) device->seedInitialCondition(state.x, setByIc);
    state.x[0] = 0.0;
    multiplyPattern(circuit.pattern(), circuit.cConstant().matrix(), state.x, state.q);
    if (!circuit.isLinear()) addNonlinearCharge(circuit, lineariseAt(circuit, state.x, Tolerances{}.gmin).charge, state.q);
    for (const auto* device : circuit.initialConditionDevices()) device->correctInitialCharge(state.x, state.q);
    return state;
}

// A nonlinear circuit's t = 0 operating point: Newton with the .ic clamps (gmin and source
// stepping when it fails), the sources at their t = 0 values.
Outcome<TransientInitialState> nonlinearOperatingPoint(const Circuit& circuit, const TransientOptions& options,
                                                       const InitialConditions& ics) {
    const auto size = static_cast<std::size_t>(circuit.unknownCount()) + 1;
    std::vector<double> b(size, 0.0);
    for (const auto* source : circuit.excitations()) source->loadTransient(0.0, b);
    b[0] = 0.0;
    std::vector<NodeClamp> clamps;
    for (const auto& [u, value] : ics) clamps.push_back({u, value});
    OperatingPointRequest request;
    request.excitation = b;
    request.tol = options.tol;
    request.clamps = clamps;
    request.nodesets = options.nodesets;
    request.clampConductance = options.icConductance;
    auto op = solveNonlinearOperatingPoint(circuit, request);
    if (!op) return op.error();
    TransientInitialState state{std::move(op.value().x), std::vector<double>(size, 0.0)};
    multiplyPattern(circuit.pattern(), circuit.cConstant().matrix(), state.x, state.q);
    addNonlinearCharge(circuit, op.value().linearised.charge, state.q);
    return state;
}

Outcome<TransientInitialState> operatingPointWithIc(const Circuit& circuit, const TransientOptions& options,
                                                    const InitialConditions& ics) {
    if (!circuit.isLinear()) return nonlinearOperatingPoint(circuit, options, ics);
    const auto size = static_cast<std::size_t>(circuit.unknownCount()) + 1;
    MatrixValues a = circuit.gConstant();
    TransientInitialState state{std::vector<double>(size, 0.0), std::vector<double>(size, 0.0)};
    for (const auto* source : circuit.excitations()) source->loadTransient(0.0, state.x);
    for (const auto& [u, value] : ics) {
        if (u == kGround) continue;
        a.add(circuit.pattern().slot(u, u), options.icConductance);
        state.x[static_cast<std::size_t>(u)] += options.icConductance * value;
    }
    KluRealNumeric numeric(circuit.dcSymbolic());
    auto factored = numeric.factor(a.matrix());
    if (!factored) return factored.error();
    state.x[0] = 0.0;
    numeric.solve(std::span<double>(state.x).subspan(1));
    multiplyPattern(circuit.pattern(), circuit.cConstant().matrix(), state.x, state.q);
    return state;
}

} // namespace

Outcome<TransientInitialState> transientInitialState(const Circuit& circuit, const TranSpec& spec,
                                                     const TransientOptions& options,
                                                     const InitialConditions& initialConditions) {
    if (spec.uic) return useInitialConditions(circuit, initialConditions);
    return operatingPointWithIc(circuit, options, initialConditions);
}

} // namespace cablespice::solver
