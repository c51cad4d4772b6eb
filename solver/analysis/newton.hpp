#pragma once
#include "solver/circuit/circuit.hpp"
#include "solver/mna/klu_factorization.hpp"
#include "solver/mna/matrix_values.hpp"
#include "solver/support/outcome.hpp"
#include "solver/support/tolerances.hpp"

#include <span>
#include <vector>

namespace cablespice::solver {

// An unknown held near a value through a large conductance: .ic and .nodeset (ngspice cktload.c
// does the same with 1e10 S).
struct NodeClamp {
    Unknown unknown = kGround;
    double value = 0.0;
};

// The circuit linearised at a point: G = df/dx and C = dq/dx with the linear parts included,
// and the nonlinear devices' charges there. At the operating point these are the AC matrices
// G_op, C_op (ARCHITECTURE B5).
struct LinearisedCircuit {
    MatrixValues g, c;
    std::vector<double> charge;  // q_nl(x), size n + 1
    std::vector<double> x;       // the point linearised at (SmallSignalFrequencyDevices read it in AC)
};

// Loads every nonlinear device at x without limiting (x itself, not a starting guess).
LinearisedCircuit lineariseAt(const Circuit& circuit, std::span<const double> x, double gmin);

// One system for Newton-Raphson: f(x) + alpha0*q(x) + nodeShunt*v + clamps = rhs, where f and q
// are the linear parts (G x, C x) plus the nonlinear devices'. A transient step folds its
// history h_q into rhs; DC has alpha0 = 0.
struct NewtonProblem {
    double alpha0 = 0.0;
    std::span<const double> rhs;       // b - h_q, size n + 1 (index 0 ignored)
    double nodeShunt = 0.0;            // gmin stepping: a conductance from every node to ground
    std::span<const NodeClamp> clamps;
    double clampConductance = 1e10;
    double gmin = 1e-12;               // across every junction (SPICE CKTgmin)
    int maxIterations = 100;
    bool initialJunction = false;      // the first iteration evaluates junctions at their starting guess
    double time = 0.0;                 // what devices read as `time` (a B source's expression)
    double timeStep = 0.0;             // the transient step to `time` (0: a steady state; NonlinearLoad::timeStep)
    bool bypass = false;               // devices may bypass after the first iteration (NonlinearLoad::bypass)
};

// The one Newton-Raphson loop of every analysis (ARCHITECTURE B10): devices load at the
// iterate (with junction limiting), the companion system (G + alpha0*C) x_new = rhs - f_eq -
// alpha0*q_eq is factored (refactor with the first factorization's pivots, fallback inside
// KluNumeric) and solved. Converged (SPICE's tests) when no device limited its voltages, every
// unknown moved by at most reltol*max(|x_new|, |x_old|) + vntol (node voltages) or abstol
// (branch currents), and every row's residual at the new iterate is within reltol times the
// largest term of that row plus abstol (KCL rows) or vntol (branch equations), or the unknowns'
// test passed on the iteration before too (round-off level residuals). At convergence
// the devices have been loaded at the solution, so jacobianG()/jacobianC() are the matrices
// the AC analysis linearises with and nonlinearCharge() is q_nl(x).
class NewtonSolver {
public:
    NewtonSolver(const Circuit& circuit, const KluSymbolic& symbolic, const KluSettings& settings,
                 const Tolerances& tolerances);

    // x: the starting guess on entry, the solution on success (size n + 1, x[0] = 0). Returns
    // the iterations used. Failure: SolveErrorKind::NoConvergence naming the nonlinear device terminal
    // (else the unknown) that moved most against its tolerance in the last iteration (and the nonlinear device on it), or the
    // factorization's error.
    Outcome<int> solve(const NewtonProblem& problem, std::vector<double>& x);

    const MatrixValues& jacobianG() const { return g_; }
    const MatrixValues& jacobianC() const { return c_; }
    std::span<const double> nonlinearCharge() const { return q_; }
    const KluCounters& counters() const { return numeric_.counters(); }
    int totalIterations() const { return totalIterations_; }

private:
    int loadDevices(const NewtonProblem& problem, std::span<const double> x, bool limit, bool initialJunction,
                    bool firstIteration);
    void assemble(const NewtonProblem& problem, std::vector<double>& next);
    bool stepConverged(std::span<const double> before, std::span<const double> after, int& worst);
    bool residualConverged(const NewtonProblem& problem, std::span<const double> x);
    const Device* internalNodeOwner(int u) const;
    SolveError noConvergence(const NewtonProblem& problem, int worst) const;

    const Circuit& circuit_;
    Tolerances tol_;
    KluRealNumeric numeric_;
    MatrixValues g_, c_, a_;
    std::vector<double> f_, q_, fEquivalent_, qEquivalent_;
    std::vector<double> residual_, scale_;
    std::vector<double> next_;
    std::vector<double> ratio_;  // each unknown's last move against its tolerance
    std::vector<bool> currentRow_;  // branch-current unknowns (their rows are voltage equations)
    std::vector<Slot> diagonal_;    // slot of (u, u)
    int totalIterations_ = 0;
    const Device* outOfDomain_ = nullptr;  // from the last load
};

} // namespace cablespice::solver
