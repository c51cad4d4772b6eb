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

KluSettings newtonTransientSettings(const KluSettings& circuitSettings, int unknowns) {
    KluSettings settings = transientSettings(circuitSettings);
    if (unknowns < kNewtonFastPivotMinUnknowns) settings.fastPivotTolerance = 0.0;
    settings.scale = -1;
    settings.checkRefactorGrowth = false;
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
    : circuit_(circuit), settings_(transientSettings(circuit.symbolic().settings(), solveThreads)),
      values_(circuit.pattern().nnz()), chargeMatrix_(buildChargeMatrix(circuit)), chargeByRow_(chargeMatrix_) {
    factorizations_[0].numeric = std::make_unique<KluRealNumeric>(circuit.symbolic(), settings_);
}

bool TransientSystem::holds(const Factorization& factorization, double alpha0) {
    return factorization.alpha0 >= 0.0 && std::abs(alpha0 - factorization.alpha0) <= 1e-12 * std::abs(alpha0);
}

// The factorization set aside keeps its LU but not its row-oriented copy: one copy at a time
// keeps the second factorization's memory to KLU's factors (the copy is made again when it
// comes back for more than two solves).
void TransientSystem::switchFactorization() {
    current().numeric->releaseRowCopy();
    current_ = 1 - current_;
}

// The current factorization becomes the previous one; the new one goes where the one before
// it was (klu_refactor with that object's pivots).
void TransientSystem::makeRoomForNew() {
    if (!keepPrevious_ || current().alpha0 < 0.0) return;
    switchFactorization();
    if (!current().numeric) current().numeric = std::make_unique<KluRealNumeric>(circuit_.symbolic(), settings_);
}

Outcome<bool> TransientSystem::prepare(double alpha0) {
    if (holds(current(), alpha0)) return false;
    if (keepPrevious_ && holds(factorizations_[static_cast<std::size_t>(1 - current_)], alpha0)) {
        switchFactorization();
        return false;
    }
    makeRoomForNew();
    const auto g = circuit_.gConstant().all();
    const auto c = circuit_.cConstant().all();
    auto a = values_.all();
    for (std::size_t k = 0; k < a.size(); ++k) a[k] = g[k] + alpha0 * c[k];
    for (const auto* device : circuit_.historyDevices()) device->loadTransientMatrix(values_);
    Factorization& target = current();
    target.alpha0 = -1.0;
    auto factored = target.numeric->factor(values_.matrix());
    if (!factored) return factored.error();
    target.alpha0 = alpha0;
    if (!factoredOnce_) {
        factoredOnce_ = true;
        keepPrevious_ = target.numeric->factorEntries() < settings_.previousFactorMaxEntries;
    }
    return true;
}

KluCounters TransientSystem::counters() const {
    KluCounters sum;
    for (const auto& factorization : factorizations_)
        if (factorization.numeric) sum += factorization.numeric->counters();
    return sum;
}

void TransientSystem::solve(std::span<double> x) {
    x[0] = 0.0;
    current().numeric->solve(x.subspan(1));
}

void TransientSystem::charge(std::span<const double> x, std::span<double> q) const {
    const Eigen::Map<const Eigen::VectorXd> in(x.data(), static_cast<Eigen::Index>(x.size()));
    Eigen::Map<Eigen::VectorXd> out(q.data(), static_cast<Eigen::Index>(q.size()));
    ForkJoinPair* team = current().numeric->solveTeam();
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
