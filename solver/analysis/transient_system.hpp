#pragma once
#include "solver/circuit/circuit.hpp"
#include "solver/mna/klu_factorization.hpp"
#include "solver/support/outcome.hpp"

#include <Eigen/SparseCore>

#include <span>
#include <vector>

namespace cablespice::solver {

// The transient matrix family A = G + alpha0*C of a linear circuit (ARCHITECTURE B4): one
// KluRealNumeric, refactored only when alpha0 changes. Same step and method: new right-hand
// side and one solve, nothing else.
class TransientSystem {
public:
    explicit TransientSystem(const Circuit& circuit, int solveThreads = 1);

    // Makes the factorization match alpha0. Returns true when it had to (re)factor.
    // alpha0 values equal to 1e-12 relative count as equal: a landing step that differs from
    // the previous step by rounding only must not cost a factorization.
    Outcome<bool> prepare(double alpha0);
    double factoredAlpha0() const { return alpha0_; }

    // In place: x[1..n] holds the right-hand side on entry and the solution on exit; x[0] = 0.
    void solve(std::span<double> x);
    // q = C*x, row by row (index 0 stays 0); on the solve's two threads when it has them.
    void charge(std::span<const double> x, std::span<double> q) const;
    // C's nonzero entries alone, indices 0..n (ground row and column empty).
    const Eigen::SparseMatrix<double>& chargeMatrix() const { return chargeMatrix_; }

    const KluCounters& counters() const { return numeric_.counters(); }
    // The solve's helper thread when the factorization is solved on two (else null), for the
    // step's other row-wise work.
    ForkJoinPair* team() const { return numeric_.solveTeam(); }

private:
    bool sameAlpha0(double alpha0) const;

    const Circuit& circuit_;
    KluRealNumeric numeric_;
    MatrixValues values_;  // A = G + alpha0*C (+ history devices' transient terms)
    Eigen::SparseMatrix<double> chargeMatrix_;
    Eigen::SparseMatrix<double, Eigen::RowMajor> chargeByRow_;  // the same, by row: q's rows split between threads
    double alpha0_ = -1.0;
};

// The transient family G + alpha0*C tries KLU's small pivot tolerance first (ARCHITECTURE B4):
// on cable harnesses it keeps diagonal pivots and the factors ~9x smaller; KluNumeric falls
// back to the circuit's tolerance when its accuracy check fails.
KluSettings transientSettings(const KluSettings& circuitSettings, int solveThreads = 1);

// y = M*x for a CSC matrix over `pattern` with `values` (nnz entries); unknown u maps to row
// u - 1, index 0 of x and y is the ground bucket (read as 0, left at 0).
void multiplyPattern(const SparsePattern& pattern, std::span<const double> values, std::span<const double> x,
                     std::span<double> y);

} // namespace cablespice::solver
