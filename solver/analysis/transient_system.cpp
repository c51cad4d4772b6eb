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

KluSettings transientSettings(const KluSettings& circuitSettings, int solveThreads) {
    KluSettings settings = circuitSettings;
    settings.solveThreads = solveThreads;
    if (settings.fastPivotTolerance <= 0.0) settings.fastPivotTolerance = 1e-6;
    return settings;
}

namespace {

// C's nonzero entries only (the shared pattern also holds every G entry), over indices 0..n
// with the ground row and column empty, so x and q keep the Unknown numbering.
Eigen::SparseMatrix<double> buildChargeMatrix(const Circuit& circuit) {
    const auto& pattern = circuit.pattern();
    const auto c = circuit.cConstant().matrix();
    std::vector<Eigen::Triplet<double>> entries;
    for (int column = 0; column < pattern.size(); ++column) {
        for (int k = pattern.columnPointers()[static_cast<std::size_t>(column)];
             k < pattern.columnPointers()[static_cast<std::size_t>(column) + 1]; ++k) {
            const double value = c[static_cast<std::size_t>(k)];
            if (value != 0.0) entries.emplace_back(pattern.rowIndices()[static_cast<std::size_t>(k)] + 1, column + 1, value);
        }
    }
    Eigen::SparseMatrix<double> matrix(pattern.size() + 1, pattern.size() + 1);
    matrix.setFromTriplets(entries.begin(), entries.end());
    return matrix;
}

} // namespace

TransientSystem::TransientSystem(const Circuit& circuit, int solveThreads)
    : circuit_(circuit), numeric_(circuit.symbolic(), transientSettings(circuit.symbolic().settings(), solveThreads)),
      values_(circuit.pattern().nnz()), chargeMatrix_(buildChargeMatrix(circuit)), chargeByRow_(chargeMatrix_) {}

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
    const Eigen::Map<const Eigen::VectorXd> in(x.data(), static_cast<Eigen::Index>(x.size()));
    Eigen::Map<Eigen::VectorXd> out(q.data(), static_cast<Eigen::Index>(q.size()));
    ForkJoinPair* team = numeric_.solveTeam();
    if (!team) {
        out.noalias() = chargeByRow_ * in;
        return;
    }
    const Eigen::Index middle = out.size() / 2;
    auto rows = [&](int part) {
        const Eigen::Index begin = part == 0 ? 0 : middle, count = part == 0 ? middle : out.size() - middle;
        out.segment(begin, count).noalias() = chargeByRow_.middleRows(begin, count) * in;
    };
    team->run(rows);
}

} // namespace cablespice::solver
