#pragma once
#include "solver/analysis/analysis_spec.hpp"
#include "solver/analysis/frequency_sweep_stats.hpp"
#include "solver/analysis/newton.hpp"
#include "solver/analysis/solution_observer.hpp"
#include "solver/circuit/circuit.hpp"
#include "solver/support/outcome.hpp"

namespace cablespice::solver {

// `.cmrr`: at each frequency one factorisation of G + jwC and two right-hand sides, the
// differential source alone and the common-mode source alone at unit amplitude (every other
// source zeroed). Reports a complex plot "CMRR Analysis" with own vectors adm, acm (the output
// phasors) and cmrr = 20 log10 |adm / acm| in dB (imaginary part 0).
// Frequencies run on up to `threads` threads (FrequencySweep: the same numbers for any count).
// A nonlinear circuit is linearised at its operating point: `linearised` (the caller's, from
// solveDcOperatingPoint), else one solved here with default settings.
Outcome<FrequencySweepStats> runCmrr(const Circuit& circuit, const CmrrSpec& spec, SolutionObserver& observer,
                                     int threads = 1, const LinearisedCircuit* linearised = nullptr);

} // namespace cablespice::solver
