#pragma once
#include "solver/analysis/analysis_spec.hpp"
#include "solver/analysis/solution_observer.hpp"
#include "solver/analysis/transient_options.hpp"
#include "solver/circuit/circuit.hpp"
#include "solver/support/outcome.hpp"

#include <utility>
#include <vector>

namespace cablespice::solver {

// .tran on a finalized circuit, in charge form (ARCHITECTURE B5). A linear circuit: each step
// solves (G + alpha0*C) x_{n+1} = b(t_{n+1}) - h_q with one transient factorization that is
// refactored only when alpha0 changes. A nonlinear circuit: each step is a Newton solve
// (NewtonSolver, options.tol.itl4 iterations) of f(x) + alpha0*q(x) = b - h_q from the last
// accepted point, the charges q = C_lin x + q_nl(x) under the same truncation-error control; a
// step that does not converge is retried at h/8 (backward Euler). Nonlinear devices together
// with method-of-characteristics lines are refused (a SolveError) for now.
//
// - Initial point: see transientInitialState() (UIC, or the t = 0 operating point with .ic).
// - Steps: t = 0 and every breakpoint start a piece with an unchecked backward-Euler step of
//   0.1*min(saved step, gap to the next corner) (saved step at t = 0: min(TSTOP/100, TSTEP)/10),
//   as ngspice dctran.c. The second step is backward Euler checked with the order-1
//   predictor through the two points of the piece; from the third on trapezoidal or BDF2
//   (options.method, options.maxOrder) with the order-2 estimate. Local error from
//   predictor-corrector differences per unknown that carries charge or flux (nonzero column
//   of C; algebraic unknowns follow them, as only reactive states enter SPICE's CKTterr),
//   tolerance trtol*(reltol*|x| + vntol|abstol). Waveform corners are hit exactly. TMAX and
//   HistoryDevice::maxStep() bound the step.
// - Output: observer gets "Transient Analysis" / "time" and every accepted point with
//   t >= TSTART (t = 0 included when TSTART = 0).
// - Failure: observer.end(false) first (output keeps what was computed), then a SolveError:
//   TimestepTooSmall with the unknown whose error ratio was worst, or the factorization's error.
Outcome<TransientStats> runTransient(const Circuit& circuit, const TranSpec& spec, const TransientOptions& options,
                                     const std::vector<std::pair<Unknown, double>>& initialConditions,
                                     SolutionObserver& observer);

} // namespace cablespice::solver
