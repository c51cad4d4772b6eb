#include "apps/cablespice/stepped_runner.hpp"

#include "apps/cablespice/analysis_runner.hpp"
#include "apps/cablespice/long_run_warning.hpp"
#include "apps/cablespice/measure_statistics.hpp"
#include "apps/cablespice/monte_carlo_seed.hpp"
#include "apps/cablespice/plot_writer.hpp"
#include "apps/cablespice/solve_error_report.hpp"
#include "apps/cablespice/step_stream.hpp"
#include "apps/cablespice/stepped_outputs.hpp"
#include "parser/elaborate/elaborator.hpp"

#include <atomic>
#include <sstream>
#include <thread>

namespace cablespice::app {

namespace {

// Point `index` of the run draws the random functions from (seed, index) alone.
elab::ElaborationOptions pointOptions(const elab::StepPoint& point, std::size_t index, std::uint64_t seed,
                                      const elab::Deck& base, const RunOptions& options) {
    elab::ElaborationOptions elaboration{options.overrides, {}, {}, base.circuit.get(), {}, options.strict, {}, {}};
    elaboration.randomPoint = elab::RandomPoint{seed, index};
    for (const auto& [spec, value] : point.values) {
        if (spec->target == elab::StepSpec::Target::Parameter) elaboration.parameterValues.emplace_back(spec->name, value);
        else if (spec->target == elab::StepSpec::Target::Element) elaboration.elementValues.emplace_back(spec->name, value);
        else elaboration.modelValues.push_back({spec->model, spec->modelParameter, value});
    }
    return elaboration;
}

void runPoint(const ast::Netlist& netlist, const elab::Deck& base, const RunOptions& options, std::size_t index,
              std::uint64_t seed, PointOutcome& outcome) {
    DiagnosticSink sink;
    try {
        outcome.deck = std::make_unique<elab::Deck>(
            elab::elaborate(netlist, sink, pointOptions(outcome.point, index, seed, base, options)));
    } catch (const SourceError& error) {
        outcome.diagnostics = error.diagnostics();
        return;
    }
    std::ostringstream opText;
    RecordingObserver recorder(outcome.analyses);
    for (const auto& analysis : outcome.deck->analyses) {
        auto result = runAnalysis(*outcome.deck, analysis, recorder, opText, options.stats);
        if (!result) {
            outcome.diagnostics.push_back(describeSolveError(*outcome.deck, result.error(), analysis.origin));
            outcome.opText = opText.str();
            return;
        }
    }
    outcome.opText = opText.str();
    outcome.measurements = evaluateMeasures(*outcome.deck, outcome.analyses);
    std::vector<Diagnostic> fourierErrors;
    outcome.fourier = evaluateFourier(*outcome.deck, outcome.analyses, fourierErrors);
    outcome.ok = fourierErrors.empty();
    for (auto& error : fourierErrors) outcome.diagnostics.push_back(std::move(error));
}

int workerCount(const RunOptions& options, std::size_t points) {
    int jobs = options.jobs > 0 ? options.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    return static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(jobs), points));
}

// Each index once, on `workers` threads (the calling thread is one of them).
template <typename Work>
void forEachInParallel(std::size_t count, int workers, Work work) {
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
        for (std::size_t i = next++; i < count; i = next++) work(i);
    };
    std::vector<std::thread> threads;
    for (int t = 1; t < workers; ++t) threads.emplace_back(worker);
    worker();
    for (auto& thread : threads) thread.join();
}

// Freeing a thousand elaborated points is serial work as long as printing them, so the
// workers do it too.
void releaseInParallel(std::vector<PointOutcome>& outcomes, int workers) {
    forEachInParallel(outcomes.size(), workers, [&](std::size_t i) { outcomes[i] = PointOutcome{}; });
}

template <typename OnDone>
void runPointsInParallel(const ast::Netlist& netlist, const elab::Deck& base, const RunOptions& options,
                         std::uint64_t seed, std::vector<PointOutcome>& outcomes, OnDone onDone) {
    forEachInParallel(outcomes.size(), workerCount(options, outcomes.size()), [&](std::size_t i) {
        runPoint(netlist, base, options, i, seed, outcomes[i]);
        onDone(i);
    });
}

std::vector<PointOutcome> pendingOutcomes(const elab::Deck& base) {
    auto points = elab::stepPoints(base.steps);
    std::vector<PointOutcome> outcomes(points.size());
    for (std::size_t i = 0; i < points.size(); ++i) outcomes[i].point = points[i];
    return outcomes;
}

} // namespace

std::vector<PointOutcome> runStepPoints(const ast::Netlist& netlist, const elab::Deck& base, const RunOptions& options) {
    auto outcomes = pendingOutcomes(base);
    runPointsInParallel(netlist, base, options, base.options.seed, outcomes, [](std::size_t) {});
    return outcomes;
}

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
    auto outcomes = pendingOutcomes(base);
    StepStream stream(outcomes, options, printer, out, err);
    runPointsInParallel(netlist, base, options, seed, outcomes, [&](std::size_t i) { stream.pointDone(i); });
    stream.finish();
    printMeasureStatistics(measureStatistics(base, outcomes), out);
    bool allOk = true;
    for (const auto& outcome : outcomes) allOk = allOk && outcome.ok;
    writeSteppedOutputs(base, outcomes, options);
    const bool plotted = !options.plotFile || writePlots(base, outcomes, options, err);
    releaseInParallel(outcomes, workerCount(options, outcomes.size()));
    if (!plotted) return kExitInputError;
    return allOk ? kExitSuccess : kExitInputError;
}

} // namespace cablespice::app
