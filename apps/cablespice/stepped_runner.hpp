#pragma once
#include "apps/cablespice/fourier_report.hpp"
#include "apps/cablespice/measurement.hpp"
#include "apps/cablespice/recorded_analysis.hpp"
#include "apps/cablespice/run_options.hpp"
#include "parser/ast/netlist_ast.hpp"
#include "parser/elaborate/deck.hpp"
#include "parser/source/diagnostic_printer.hpp"

#include <iosfwd>
#include <memory>

namespace cablespice::app {

// What one .step point produced. Points run in parallel; their output is written afterwards
// in point order, so results are deterministic whatever -j is.
struct PointOutcome {
    elab::StepPoint point;
    std::unique_ptr<elab::Deck> deck;  // null when elaboration failed
    std::vector<Diagnostic> diagnostics;
    std::vector<RecordedAnalysis> analyses;
    std::vector<MeasureResult> measurements;
    std::vector<FourierReport> fourier;  // .four tables
    std::string opText;
    bool ok = false;
};

// Runs every point of the deck's .step lines: re-elaborates the parse tree with the point's
// values (sharing the base circuit's KLU symbolic analysis when the topology is unchanged),
// runs all analyses; stdout and the rawfile stream out in point order as points finish, CSV and
// JSON are written at the end. A failed point
// reports its error; the others complete. Returns the exit code.
int runSteppedAnalyses(const ast::Netlist& netlist, elab::Deck& base, const RunOptions& options,
                       const DiagnosticPrinter& printer, std::ostream& out, std::ostream& err);

// Runs the points (exposed for tests): `jobs` worker threads, results in point order; random
// functions draw with the deck's seed (.options seed=N, else 1).
std::vector<PointOutcome> runStepPoints(const ast::Netlist& netlist, const elab::Deck& base, const RunOptions& options);

} // namespace cablespice::app
