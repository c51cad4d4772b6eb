#pragma once
#include "solver/analysis/analysis_spec.hpp"
#include "solver/circuit/circuit.hpp"
#include "solver/support/diagnostic.hpp"

#include <optional>

namespace cablespice::app {

// More time points than this are hours to days of simulation: say so before starting instead
// of looking hung (a typo like `.tran 0.1n 3` for 3 ns is the usual cause).
inline constexpr double kLongRunPoints = 1e8;

// A warning at the .tran card when TSTOP over the largest step the run may take (TMAX, or a
// transmission line's delay, which bounds the step) exceeds kLongRunPoints; nothing otherwise.
std::optional<Diagnostic> longTransientWarning(const solver::Circuit& circuit, const solver::AnalysisSpec& analysis);

} // namespace cablespice::app
