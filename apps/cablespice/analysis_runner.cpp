#include "apps/cablespice/analysis_runner.hpp"

#include "apps/cablespice/op_report.hpp"
#include "apps/cablespice/solve_error_report.hpp"
#include "solver/analysis/dc_system.hpp"
#include "solver/circuit/topology_check.hpp"

#include <ostream>
#include <variant>

namespace cablespice::app {

namespace {

bool needsOperatingPoint(const solver::AnalysisSpec& analysis) {
    if (const auto* tran = std::get_if<solver::TranSpec>(&analysis.kind)) return !tran->uic;
    return true;
}

// Structural problems make the DC matrix singular; name them before any solve.
bool checkTopology(const elab::Deck& deck, const DiagnosticPrinter& printer, std::ostream& err) {
    bool needed = false;
    for (const auto& analysis : deck.analyses) needed = needed || needsOperatingPoint(analysis);
    if (!needed) return true;
    auto problems = solver::checkDcTopology(*deck.circuit);
    for (const auto& diagnostic : describeTopologyProblems(deck, problems)) printer.print(err, diagnostic);
    return problems.empty();
}

} // namespace

int runAnalyses(elab::Deck& deck, const RunOptions& options, const DiagnosticPrinter& printer, std::ostream& out,
                std::ostream& err) {
    (void)options;
    if (deck.analyses.empty()) {
        printer.print(err, Diagnostic{Severity::Warning, {}, "no analysis requested (.op, .dc, .ac or .tran)", {}});
        return kExitSuccess;
    }
    if (!checkTopology(deck, printer, err)) return kExitInputError;
    for (const auto& analysis : deck.analyses) {
        if (std::holds_alternative<solver::OpSpec>(analysis.kind)) {
            auto x = solver::solveOperatingPoint(*deck.circuit);
            if (!x) {
                printer.print(err, describeSolveError(deck, x.error(), analysis.origin));
                return kExitInputError;
            }
            printOperatingPoint(deck, x.value(), out);
        }
    }
    return kExitSuccess;
}

} // namespace cablespice::app
