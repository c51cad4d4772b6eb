#pragma once
#include "apps/cablespice/run_options.hpp"
#include "parser/elaborate/deck.hpp"
#include "parser/source/diagnostic_printer.hpp"

#include <iosfwd>

namespace cablespice::app {

// Prints the deck's structural problems (apps/engine topologyProblems); false when there are some.
bool checkTopology(const elab::Deck& deck, const DiagnosticPrinter& printer, std::ostream& err);

// The threads a run without .step uses: -j N, else every core.
int threadsFor(const RunOptions& options);

// Runs the deck's analyses in netlist order, sending results to the requested outputs.
// Returns the exit code; output files are committed only when every analysis succeeded.
int runAnalyses(elab::Deck& deck, const RunOptions& options, const DiagnosticPrinter& printer, std::ostream& out,
                std::ostream& err);

} // namespace cablespice::app
