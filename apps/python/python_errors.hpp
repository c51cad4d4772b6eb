#pragma once
#include "parser/source/source_manager.hpp"
#include "solver/support/diagnostic.hpp"

#include <string>
#include <vector>

namespace cablespice::python {

// Raises cablespice.NetlistError for the first error of `diagnostics` (file, line, column,
// message), its str() being every diagnostic rendered as the CLI prints them. Never returns.
[[noreturn]] void raiseNetlistError(const SourceManager& sources, const std::vector<Diagnostic>& diagnostics);

// Raises cablespice.SimulationError (singular matrix, failed step, ...) with `message`.
[[noreturn]] void raiseSimulationError(const std::string& message);

// Every diagnostic rendered as the CLI prints it ("file:line:col: error: ...", source line, caret).
std::string renderDiagnostics(const SourceManager& sources, const std::vector<Diagnostic>& diagnostics);

} // namespace cablespice::python
