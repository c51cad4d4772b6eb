#include "apps/engine/stepped_runner.hpp"

#include "apps/engine/analysis_runner.hpp"
#include "apps/engine/interrupting_observer.hpp"
#include "apps/engine/recorded_unknowns.hpp"
#include "apps/engine/solve_error_report.hpp"
#include "parser/elaborate/elaborator.hpp"
#include "solver/analysis/kept_factorizations.hpp"

#include <atomic>
#include <functional>
#include <sstream>
#include <thread>

namespace cablespice::app {

namespace {

// A point draws its random functions from (seed, its index in the run) alone.
elab::ElaborationOptions pointOptions(const PointOutcome& outcome, std::uint64_t seed, const elab::Deck& base,
                                      const EngineOptions& options) {
    const elab::StepPoint& point = outcome.point;
    elab::ElaborationOptions elaboration{options.overrides, {}, {}, base.circuit.get(), {}, options.strict, {}, {}, {}};
    elaboration.randomPoint = elab::RandomPoint{seed, outcome.index};
    for (const auto& [spec, value] : point.values) {
        if (spec->target == elab::StepSpec::Target::Parameter) elaboration.parameterValues.emplace_back(spec->name, value);
        else if (spec->target == elab::StepSpec::Target::Element) elaboration.elementValues.emplace_back(spec->name, value);
        else elaboration.modelValues.push_back({spec->model, spec->modelParameter, value});
    }
    return elaboration;
}

// The point's deck: on the worker's reusable circuit when the point changes only values (the
// fast path: no topology, no pattern, no symbolic analysis), else elaborated in full, which
// then becomes the circuit the worker's next points reuse.
std::unique_ptr<elab::Deck> elaboratePoint(const ast::Netlist& netlist, const elab::ElaborationOptions& elaboration,
                                           std::optional<elab::ReusableCircuit>& reusable, bool reuse) {
    if (reusable) {
        DiagnosticSink sink;
        if (auto deck = elab::elaborateReusing(netlist, sink, elaboration, *reusable))
            return std::make_unique<elab::Deck>(std::move(*deck));
    }
    DiagnosticSink sink;
    auto deck = std::make_unique<elab::Deck>(elab::elaborate(netlist, sink, elaboration));
    if (reuse) reusable = elab::ReusableCircuit::of(*deck);
    return deck;
}

void markInterrupted(PointOutcome& outcome) {
    outcome.diagnostics.push_back(Diagnostic{Severity::Error, {}, "run interrupted", {}});
    if (!outcome.analyses.empty()) outcome.analyses.back().complete = false;
}

// What one worker thread keeps from point to point.
struct WorkerState {
    std::optional<elab::ReusableCircuit> reusable;  // the circuit values-only points are built on
    std::unique_ptr<solver::KeptFactorizations> kept;  // pivot orders chosen on the base deck's circuit
    std::unique_ptr<elab::ParsedExpressions> parsed;   // the cards' expressions, parsed at their first use
    std::unique_ptr<elab::InvariantCards> invariant;   // element cards learnt the same at every point
};

// Runs the deck's analyses into outcome.analyses; false (with the diagnostic) when one failed.
bool runAnalyses(const EngineOptions& options, PointOutcome& outcome, WorkerState& worker) {
    std::ostringstream opText;
    RecordingObserver recorder(outcome.analyses, recordedUnknowns(*outcome.deck, options.plotVectors));
    InterruptingObserver observer(recorder, options.interrupted);
    for (const auto& analysis : outcome.deck->analyses) {
        auto result = runAnalysis(*outcome.deck, analysisAsRun(analysis, options, *outcome.deck), observer, opText,
                                  options.stats, 1, worker.kept.get());
        if (!result) {
            outcome.diagnostics.push_back(describeSolveError(*outcome.deck, result.error(), analysis.origin));
            outcome.opText = opText.str();
            return false;
        }
    }
    outcome.opText = opText.str();
    return true;
}

void runPoint(const ast::Netlist& netlist, const elab::Deck& base, const EngineOptions& options, std::uint64_t seed,
              PointOutcome& outcome, WorkerState& worker) {
    if (options.interrupted && options.interrupted->load()) {
        markInterrupted(outcome);
        return;
    }
    try {
        auto elaboration = pointOptions(outcome, seed, base, options);
        elaboration.parsedExpressions = worker.parsed.get();
        elaboration.invariantCards = worker.invariant.get();
        outcome.deck = elaboratePoint(netlist, elaboration, worker.reusable, !options.fullElaboration);
    } catch (const SourceError& error) {
        outcome.diagnostics = error.diagnostics();
        return;
    }
    try {
        if (!runAnalyses(options, outcome, worker)) return;
    } catch (const RunInterrupted&) {
        markInterrupted(outcome);
        return;
    }
    outcome.measurements = evaluateMeasures(*outcome.deck, outcome.analyses);
    std::vector<Diagnostic> fourierErrors;
    outcome.fourier = evaluateFourier(*outcome.deck, outcome.analyses, fourierErrors);
    outcome.ok = fourierErrors.empty();
    for (auto& error : fourierErrors) outcome.diagnostics.push_back(std::move(error));
}

} // namespace

int workerCount(const EngineOptions& options, std::size_t points) {
    int jobs = options.jobs > 0 ? options.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    return static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(jobs), points));
}

namespace {

// Each index once, on `workers` threads (the calling thread is one of them); work(i, w) runs
// index i on worker w.
template <typename Work>
void forEachInParallel(std::size_t count, int workers, Work work) {
    std::atomic<std::size_t> next{0};
    auto worker = [&](int w) {
        for (std::size_t i = next++; i < count; i = next++) work(i, w);
    };
    std::vector<std::thread> threads;
    for (int t = 1; t < workers; ++t) threads.emplace_back(worker, t);
    worker(0);
    for (auto& thread : threads) thread.join();
}

} // namespace

void releaseInParallel(std::vector<PointOutcome>& outcomes, int workers) {
    forEachInParallel(outcomes.size(), workers, [&](std::size_t i, int) { outcomes[i] = PointOutcome{}; });
}

void runPoints(const ast::Netlist& netlist, const elab::Deck& base, const EngineOptions& options, std::uint64_t seed,
               std::vector<PointOutcome>& outcomes, const std::function<void(std::size_t)>& onDone) {
    const int workers = workerCount(options, outcomes.size());
    // One reusable circuit per worker: a point replaces devices in it while it runs. The kept
    // factorizations' pivot orders are chosen on the base deck's circuit, the same for every
    // worker, so a point's numbers do not depend on which worker ran it. Full elaboration (the
    // engine before the point fast path, the reference of its tests) parses and factors every
    // point afresh.
    std::vector<WorkerState> state(static_cast<std::size_t>(std::max(workers, 1)));
    for (auto& worker : state) {
        if (options.fullElaboration) break;
        worker.parsed = std::make_unique<elab::ParsedExpressions>();
        worker.invariant = std::make_unique<elab::InvariantCards>();
        if (base.circuit && base.circuit->finalized())
            worker.kept = std::make_unique<solver::KeptFactorizations>(*base.circuit);
    }
    forEachInParallel(outcomes.size(), workers, [&](std::size_t i, int w) {
        runPoint(netlist, base, options, seed, outcomes[i], state[static_cast<std::size_t>(w)]);
        if (onDone) onDone(i);
    });
}

std::vector<PointOutcome> pendingOutcomes(const std::vector<elab::StepPoint>& points) {
    std::vector<PointOutcome> outcomes(points.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
        outcomes[i].point = points[i];
        outcomes[i].index = i;
    }
    return outcomes;
}

std::vector<PointOutcome> runStepPoints(const ast::Netlist& netlist, const elab::Deck& base, const EngineOptions& options) {
    auto outcomes = pendingOutcomes(elab::stepPoints(base.steps));
    runPoints(netlist, base, options, base.options.seed, outcomes);
    return outcomes;
}

} // namespace cablespice::app
