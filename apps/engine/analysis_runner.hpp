#pragma once
#include "apps/engine/run_options.hpp"
#include "parser/elaborate/deck.hpp"
#include "parser/source/diagnostic_printer.hpp"
#include "solver/analysis/solution_observer.hpp"
#include "solver/support/outcome.hpp"

#include <iosfwd>

namespace cablespice::app {

// Runs one analysis, sending its solutions to `observer`; an .op also prints its report on `opOut`.
// With printStats, a transient, .ac or .cmrr also prints its step and factorization counts on `opOut`.
// threads: the cores this analysis may use; AC and CMRR frequencies run on all of them, a
// transient's solves on at most two (solver::TransientOptions::solveThreads).
solver::Outcome<solver::Done> runAnalysis(elab::Deck& deck, const solver::AnalysisSpec& analysis,
                                          solver::SolutionObserver& observer, std::ostream& opOut,
                                          bool printStats = false, int threads = 1);

// Structural checks before any solve (floating nodes, voltage loops); prints and returns false on problems.
bool checkTopology(const elab::Deck& deck, const DiagnosticPrinter& printer, std::ostream& err);

elab::PrintAnalysis printKind(const solver::AnalysisSpec& analysis);

// Runs the deck's analyses in netlist order, sending results to the requested outputs.
// Returns the exit code; output files are committed only when every analysis succeeded.
int runAnalyses(elab::Deck& deck, const RunOptions& options, const DiagnosticPrinter& printer, std::ostream& out,
                std::ostream& err);

} // namespace cablespice::app
