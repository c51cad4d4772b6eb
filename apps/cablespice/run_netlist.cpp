#include "apps/cablespice/run_netlist.hpp"

#include "apps/cablespice/analysis_runner.hpp"
#include "apps/cablespice/plot_writer.hpp"
#include "apps/cablespice/stepped_runner.hpp"
#include "parser/elaborate/elaborator.hpp"
#include "parser/parse_netlist.hpp"
#include "parser/source/diagnostic_printer.hpp"
#include "parser/source/source_manager.hpp"

#include <ostream>

namespace cablespice::app {

namespace {

void printAll(const DiagnosticPrinter& printer, const std::vector<Diagnostic>& diagnostics, std::ostream& err) {
    for (const auto& diagnostic : diagnostics) printer.print(err, diagnostic);
}

} // namespace

int runNetlist(const RunOptions& options, std::ostream& out, std::ostream& err) {
    if (options.plotFile)
        if (auto missing = missingGnuplotError(); !missing.empty()) {
            err << "cablespice: error: " << missing << '\n';
            return kExitInputError;
        }
    SourceManager sources;
    DiagnosticPrinter printer(sources);
    std::string openError;
    auto file = sources.addFile(options.netlist, SourceLoc{}, openError);
    if (!file) {
        err << "cablespice: error: " << openError << '\n';
        return kExitInputError;
    }
    DiagnosticSink sink;
    try {
        ast::Netlist netlist = parseNetlist(sources, *file, sink);
        elab::Deck deck = elab::elaborate(netlist, sink, elab::ElaborationOptions{options.overrides, {}, {}, nullptr, {}, options.strict, {}, {}});
        printAll(printer, sink.take(), err);
        if (!deck.steps.empty()) return runSteppedAnalyses(netlist, deck, options, printer, out, err);
        // Without .step nothing elaborates again: the parse tree goes before the factorizations
        // need their memory (on the 1e5-unknown harness it is most of the memory held by then).
        { ast::Netlist released = std::move(netlist); }
        return runAnalyses(deck, options, printer, out, err);
    } catch (const SourceError& error) {
        printAll(printer, error.diagnostics(), err);
        return kExitInputError;
    }
}

} // namespace cablespice::app
