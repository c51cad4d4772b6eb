#include "apps/cablespice/stepped_analyses.hpp"

#include "apps/cablespice/measure_statistics.hpp"
#include "apps/cablespice/monte_carlo_seed.hpp"
#include "apps/cablespice/plot_writer.hpp"
#include "apps/cablespice/run_analyses.hpp"
#include "apps/cablespice/run_json.hpp"
#include "apps/cablespice/step_stream.hpp"
#include "apps/cablespice/stepped_outputs.hpp"
#include "apps/engine/long_run_warning.hpp"

namespace cablespice::app {

int runSteppedAnalyses(const ast::Netlist& netlist, elab::Deck& base, const RunOptions& options,
                       const DiagnosticPrinter& printer, std::ostream& out, std::ostream& err) {
    if (!checkTopology(base, printer, err)) return kExitInputError;
    for (const auto& wave : base.waves)
        printer.print(err, Diagnostic{Severity::Warning, wave.origin, ".wave is not written in a .step run (every point "
                                                                      "would overwrite the file); card ignored", {}});
    // Once per deck, from the base values, not once per point.
    for (const auto& analysis : base.analyses)
        if (auto warning = longTransientWarning(*base.circuit, analysis)) printer.print(err, *warning);
    const std::uint64_t seed = monteCarloSeed(base, err);
    auto outcomes = pendingOutcomes(elab::stepPoints(base.steps));
    StepStream stream(outcomes, base, options, printer, out, err);
    runPoints(netlist, base, options, seed, outcomes, [&](std::size_t i) { stream.pointDone(i); });
    stream.finish();
    printMeasureStatistics(measureStatistics(base, outcomes), out);
    bool allOk = true;
    for (const auto& outcome : outcomes) allOk = allOk && outcome.ok;
    if (auto* csv = stream.csvTables()) csv->write(*options.csvFile);
    if (options.jsonFile) writeRunJson(*options.jsonFile, base, outcomes, stream.jsonPoints());
    const bool plotted = !options.plotFile || writePlots(base, stream.plotFigures(), outcomes, options, err);
    releaseInParallel(outcomes, workerCount(options, outcomes.size()));
    if (!plotted) return kExitInputError;
    return allOk ? kExitSuccess : kExitInputError;
}

} // namespace cablespice::app
