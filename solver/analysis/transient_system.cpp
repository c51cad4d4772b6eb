#include "solver/analysis/transient_system.hpp"

#include <algorithm>
#include <cmath>

namespace cablespice::solver {

void multiplyPattern(const SparsePattern& pattern, std::span<const double> values, std::span<const double> x,
                     std::span<double> y) {
    std::fill(y.begin(), y.end(), 0.0);
    const auto& columnPointers = pattern.columnPointers();
    const auto& rows = pattern.rowIndices();
    for (int column = 0; column < pattern.size(); ++column) {
        const double xColumn = x[static_cast<std::size_t>(column) + 1];
        if (xColumn == 0.0) continue;
        for (int k = columnPointers[static_cast<std::size_t>(column)];
             k < columnPointers[static_cast<std::size_t>(column) + 1]; ++k) {
            y[static_cast<std::size_t>(rows[static_cast<std::size_t>(k)]) + 1] +=
                values[static_cast<std::size_t>(k)] * xColumn;
        }
    }
}

namespace {

// The transient family G + alpha0*C tries KLU's small pivot tolerance first (ARCHITECTURE B4):
// on cable harnesses it keeps diagonal pivots and the factors ~9x smaller; KluNumeric falls
// back to the circuit's tolerance when its accuracy check fails.
KluSettings transientSettings(const KluSettings& circuitSettings) {
    KluSettings settings = circuitSettings;
    if (settings.fastPivotTolerance <= 0.0) settings.fastPivotTolerance = 1e-6;
    return settings;
}

} // namespace

TransientSystem::TransientSystem(const Circuit& circuit)
    : circuit_(circuit), numeric_(circuit.symbolic(), transientSettings(circuit.symbolic().settings())),
      values_(circuit.pattern().nnz()) {}

bool TransientSystem::sameAlpha0(double alpha0) const {
    return numeric_.factored() && std::abs(alpha0 - alpha0_) <= 1e-12 * std::abs(alpha0);
}

Outcome<bool> TransientSystem::prepare(double alpha0) {
    if (sameAlpha0(alpha0)) return false;
    const auto g = circuit_.gConstant().all();
    const auto c = circuit_.cConstant().all();
    auto a = values_.all();
    for (std::size_t k = 0; k < a.size(); ++k) a[k] = g[k] + alpha0 * c[k];
    for (const auto* device : circuit_.historyDevices()) device->loadTransientMatrix(values_);
    auto factored = numeric_.factor(values_.matrix());
    if (!factored) return factored.error();
    alpha0_ = alpha0;
    return true;
}

void TransientSystem::solve(std::span<double> x) {
    x[0] = 0.0;
    numeric_.solve(x.subspan(1));
}

void TransientSystem::charge(std::span<const double> x, std::span<double> q) const {
    multiplyPattern(circuit_.pattern(), circuit_.cConstant().matrix(), x, q);
}

} // namespace cablespice::solver
