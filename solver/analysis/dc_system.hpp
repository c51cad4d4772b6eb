#pragma once
#include "solver/circuit/circuit.hpp"
#include "solver/mna/klu_factorization.hpp"
#include "solver/support/outcome.hpp"

#include <vector>

namespace cablespice::solver {

// The OP/DC matrix family: A = G (the linear circuit's constant conductance part).
// Factor once; each DC solution with new source values is a right-hand side and a solve.
class DcSystem {
public:
    explicit DcSystem(const Circuit& circuit);

    Outcome<Done> factor();
    // x (size n + 1, x[0] = ground = 0) for the sources' DC values times sourceScale.
    void solve(std::vector<double>& x, double sourceScale = 1.0);
    // The adjoint A^T y = rhs in place (size n + 1, rhs[0] ignored and y[0] = 0).
    void solveTransposed(std::vector<double>& rhs);
    const KluCounters& counters() const { return numeric_.counters(); }

private:
    const Circuit& circuit_;
    KluRealNumeric numeric_;
};

// x = the sources' DC values times sourceScale (size n + 1, x[0] = ground = 0): the right-hand
// side of the DC family.
void loadDcExcitation(const Circuit& circuit, std::vector<double>& x, double sourceScale = 1.0);

// Convenience: factor and solve the operating point (a nonlinear circuit: solveDcOperatingPoint
// with default settings).
Outcome<std::vector<double>> solveOperatingPoint(const Circuit& circuit);

} // namespace cablespice::solver
