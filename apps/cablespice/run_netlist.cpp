#include "apps/cablespice/run_netlist.hpp"

#include "apps/cablespice/plot_writer.hpp"
#include "apps/cablespice/run_analyses.hpp"
#include "apps/cablespice/stepped_analyses.hpp"
#include "apps/engine/loaded_netlist.hpp"
#include "parser/source/diagnostic_printer.hpp"

#include <fmt/format.h>

#include <ostream>

namespace cablespice::app {

namespace {

void printAll(const DiagnosticPrinter& printer, const std::vector<Diagnostic>& diagnostics, std::ostream& err) {
    for (const auto& diagnostic : diagnostics) printer.print(err, diagnostic);
}

} // namespace

int runNetlist(const RunOptions& options, std::ostream& out, std::ostream& err) {
    LoadedNetlist loaded;
    return runNetlist(options, out, err, loaded);
}

int runNetlist(const RunOptions& requested, std::ostream& out, std::ostream& err, LoadedNetlist& loaded) {
    RunOptions options = requested;
    // The JSON reports each element's noise: the engine records it only when asked.
    options.recordNoiseContributions = options.jsonFile.has_value();
    if (options.plotFile)
        if (auto missing = missingGnuplotError(); !missing.empty()) {
            err << "cablespice: error: " << missing << '\n';
            return kExitInputError;
        }
    DiagnosticPrinter printer(loaded.sources());
    try {
        elab::ElaborationOptions elaboration{options.overrides, {}, {}, nullptr, {}, options.strict, {}, {}, {}};
        elaboration.threads = threadsFor(options);
        loaded.loadFile(options.netlist, elaboration);
        printAll(printer, loaded.warnings(), err);
        if (options.stats)
            out << fmt::format("load wall time: parse {:.1f} ms, elaboration {:.1f} ms\n", 1e3 * loaded.times().parseSeconds,
                               1e3 * loaded.times().elaborationSeconds);
        elab::Deck& deck = loaded.deck();
        if (!deck.steps.empty()) return runSteppedAnalyses(loaded.netlist(), deck, options, printer, out, err);
        loaded.releaseParseTree();
        return runAnalyses(deck, options, printer, out, err);
    } catch (const NetlistOpenError& error) {
        err << "cablespice: error: " << error.what() << '\n';
        return kExitInputError;
    } catch (const SourceError& error) {
        printAll(printer, error.diagnostics(), err);
        return kExitInputError;
    }
}

} // namespace cablespice::app
