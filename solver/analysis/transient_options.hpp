#pragma once
#include "solver/analysis/analysis_spec.hpp"
#include "solver/analysis/newton.hpp"
#include "solver/support/tolerances.hpp"

#include <vector>

namespace cablespice::solver {

// Numerical settings of a transient run (.options), SPICE names where SPICE has one.
struct TransientOptions {
    IntegrationMethod method = IntegrationMethod::Trapezoidal;  // .options method=trap|gear
    Tolerances tol;
    // maxord: 2 (trapezoidal / BDF2) or 1 (backward Euler throughout).
    int maxOrder = 2;
    // Smallest step the controller may propose before giving up ("time step too small").
    // 0: ngspice's delmin = 1e-11 * TMAX. Steps that only land on a breakpoint are exempt.
    double hmin = 0.0;
    // Constant h = TSTEP without error control (steps still land on breakpoints and TSTOP);
    // for convergence-order studies.
    bool fixedStep = false;
    // Forces .ic node values during the initial operating point through this conductance to
    // the requested value (ngspice cktload.c uses 1e10 in the same way).
    double icConductance = 1e10;
    // Threads for the solves of a large matrix ordered as two domains (KluSettings::solveThreads):
    // 1 or 2. The CLI gives a run without .step min(2, -j).
    int solveThreads = 1;
    // Times every step sequence lands on, besides the waveform corners (.options breakpoints=,
    // Xyce's BREAKPOINTS): a backward-Euler restart follows each, as after any corner.
    std::vector<double> breakpoints;
    // .nodeset: held for a first Newton solve of a nonlinear circuit's initial point, then released.
    std::vector<NodeClamp> nodesets;
};

// What a transient run did, for tests ("one numeric factorization per distinct step") and
// for the benchmark's counters.
struct TransientStats {
    int acceptedSteps = 0;
    int rejectedSteps = 0;
    int factorizations = 0;    // full klu_factor calls of the transient matrix family
    int refactorizations = 0;  // klu_refactor calls (same pivots)
    int solves = 0;
    int parallelSolves = 0;    // solves on two threads (TransientOptions::solveThreads)
    int matrixChanges = 0;     // times alpha0 changed (each costs exactly one numeric factorization)
    int startRateProbes = 0;   // solves that measured q̇(0) after a rejected first step (0 or 1)
    int newtonIterations = 0;  // Newton iterations of the steps (0 on the linear route)
    int newtonFailures = 0;    // steps whose Newton solve did not converge (retried at h/8)
    int distinctStepSizes = 0; // distinct alpha0 values used (method/order and h)
    double smallestStep = 0.0;
    double largestStep = 0.0;
    double factorEntries = 0.0;   // lnz + unz of the last factorization
    double factorMultiplyAdds = 0.0;  // of a refactorization on its pattern (factor_work.hpp)
    double pivotTolerance = 0.0;  // the pivot tolerance it was made with

    int numericFactorizations() const { return factorizations + refactorizations; }
};

} // namespace cablespice::solver
