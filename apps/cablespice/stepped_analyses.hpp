#pragma once
#include "apps/cablespice/run_options.hpp"
#include "parser/ast/netlist_ast.hpp"
#include "parser/elaborate/deck.hpp"
#include "parser/source/diagnostic_printer.hpp"

#include <iosfwd>

namespace cablespice::app {

// Runs every point of the deck's .step lines (apps/engine runPoints); stdout and the rawfile
// stream out in point order as points finish, CSV, JSON and plots are written at the end. A
// failed point reports its error; the others complete. Returns the exit code.
int runSteppedAnalyses(const ast::Netlist& netlist, elab::Deck& base, const RunOptions& options,
                       const DiagnosticPrinter& printer, std::ostream& out, std::ostream& err);

} // namespace cablespice::app
