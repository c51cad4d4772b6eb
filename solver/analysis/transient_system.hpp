#pragma once
#include "solver/circuit/circuit.hpp"
#include "solver/mna/klu_factorization.hpp"
#include "solver/support/outcome.hpp"

#include <Eigen/SparseCore>

#include <array>
#include <memory>
#include <span>
#include <vector>

namespace cablespice::solver {

// The transient matrix family A = G + alpha0*C of a linear circuit (ARCHITECTURE B4): a
// KluRealNumeric refactored only when alpha0 changes, and the previous alpha0's next to it
// (KluSettings::previousFactorMaxEntries), so going back to the step size before costs nothing.
// Same step and method: new right-hand side and one solve, nothing else.
class TransientSystem {
public:
    explicit TransientSystem(const Circuit& circuit, int solveThreads = 1);

    // Makes the factorization match alpha0. Returns true when it had to (re)factor.
    // alpha0 values equal to 1e-12 relative count as equal: a landing step that differs from
    // the previous step by rounding only must not cost a factorization.
    Outcome<bool> prepare(double alpha0);

    // In place: x[1..n] holds the right-hand side on entry and the solution on exit; x[0] = 0.
    void solve(std::span<double> x);
    // q = C*x, row by row (index 0 stays 0); on the solve's two threads when it has them.
    void charge(std::span<const double> x, std::span<double> q) const;
    // C's nonzero entries alone, indices 0..n (ground row and column empty).
    const Eigen::SparseMatrix<double>& chargeMatrix() const { return chargeMatrix_; }

    // Both factorizations' counts added up.
    KluCounters counters() const;
    // lnz + unz of the factorization in use, and the pivot tolerance it was made with.
    double factorEntries() const { return current().numeric->factorEntries(); }
    double factorMultiplyAdds() const { return current().numeric->refactorMultiplyAdds(); }
    double pivotTolerance() const { return current().numeric->pivotToleranceUsed(); }
    // The solve's helper thread when the factorization is solved on two (else null), for the
    // step's other row-wise work.
    ForkJoinPair* team() const { return current().numeric->solveTeam(); }

private:
    struct Factorization {
        std::unique_ptr<KluRealNumeric> numeric;
        double alpha0 = -1.0;  // what numeric holds; -1 before its first good factor
    };
    const Factorization& current() const { return factorizations_[static_cast<std::size_t>(current_)]; }
    Factorization& current() { return factorizations_[static_cast<std::size_t>(current_)]; }
    static bool holds(const Factorization& factorization, double alpha0);
    void switchFactorization();
    void makeRoomForNew();

    const Circuit& circuit_;
    KluSettings settings_;
    std::array<Factorization, 2> factorizations_;
    int current_ = 0;
    bool keepPrevious_ = true;  // decided at the first factorization, from its size
    bool factoredOnce_ = false;
    MatrixValues values_;  // A = G + alpha0*C (+ history devices' transient terms)
    Eigen::SparseMatrix<double> chargeMatrix_;
    Eigen::SparseMatrix<double, Eigen::RowMajor> chargeByRow_;  // the same, by row: q's rows split between threads
};

// The transient family G + alpha0*C tries KLU's small pivot tolerance first (ARCHITECTURE B4):
// on cable harnesses it keeps diagonal pivots and the factors ~9x smaller; KluNumeric falls
// back to the circuit's tolerance when its accuracy check fails.
KluSettings transientSettings(const KluSettings& circuitSettings, int solveThreads = 1);

// The transient Newton family refactors at every iteration (one or two per step), so what a
// refactorization costs beyond KLU's refactor is most of the step's linear algebra on small
// circuits: below kNewtonFastPivotMinUnknowns it pivots at the circuit's tolerance (a
// fast-tolerance factorization is checked at every refactor by a solve and two products with A,
// and saves little fill there), it neither scales rows nor checks the pivot growth at each
// refactor (KluSettings::scale, checkRefactorGrowth; SPICE does neither). Measured in
// bench/README.md (nonlinear benchmark).
inline constexpr int kNewtonFastPivotMinUnknowns = 2000;
KluSettings newtonTransientSettings(const KluSettings& circuitSettings, int unknowns);

// y = M*x for a CSC matrix over `pattern` with `values` (nnz entries); unknown u maps to row
// u - 1, index 0 of x and y is the ground bucket (read as 0, left at 0).
void multiplyPattern(const SparsePattern& pattern, std::span<const double> values, std::span<const double> x,
                     std::span<double> y);

} // namespace cablespice::solver
