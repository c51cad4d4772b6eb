#pragma once
#include "solver/analysis/analysis_spec.hpp"
#include "solver/analysis/solution_observer.hpp"
#include "solver/analysis/transient_options.hpp"
#include "solver/circuit/circuit.hpp"
#include "solver/support/outcome.hpp"

#include <utility>
#include <vector>

namespace cablespice::solver {

// .tran on a finalized linear circuit, in charge form (ARCHITECTURE B5): each step solves
// (G + alpha0*C) x_{n+1} = b(t_{n+1}) - h_q with one transient factorization that is
// refactored only when alpha0 changes.
//
// - Initial point: see transientInitialState() (UIC, or the t = 0 operating point with .ic).
// - Steps: backward Euler at t = 0 and after every breakpoint, then trapezoidal or BDF2
//   (options.method, options.maxOrder). Local error from predictor-corrector differences
//   per unknown, tolerance trtol*(reltol*|x| + vntol|abstol). Waveform corners are hit
//   exactly. TMAX and HistoryDevice::maxStep() bound the step.
// - Output: observer gets "Transient Analysis" / "time" and every accepted point with
//   t >= TSTART (t = 0 included when TSTART = 0).
// - Failure: observer.end(false) first (output keeps what was computed), then a SolveError:
//   TimestepTooSmall with the unknown whose error ratio was worst, or the factorization's error.
Outcome<TransientStats> runTransient(const Circuit& circuit, const TranSpec& spec, const TransientOptions& options,
                                     const std::vector<std::pair<Unknown, double>>& initialConditions,
                                     SolutionObserver& observer);

} // namespace cablespice::solver
