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

TransientSystem::TransientSystem(const Circuit& circuit)
    : circuit_(circuit), numeric_(circuit.symbolic()),
      values_(static_cast<std::size_t>(circuit.pattern().nnz())) {}

bool TransientSystem::sameAlpha0(double alpha0) const {
    return numeric_.factored() && std::abs(alpha0 - alpha0_) <= 1e-12 * std::abs(alpha0);
}

Outcome<bool> TransientSystem::prepare(double alpha0) {
    if (sameAlpha0(alpha0)) return false;
    const auto g = circuit_.gConstant().matrix();
    const auto c = circuit_.cConstant().matrix();
    for (std::size_t k = 0; k < values_.size(); ++k) values_[k] = g[k] + alpha0 * c[k];
    auto factored = numeric_.factor(values_);
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
