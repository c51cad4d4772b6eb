#pragma once
#include "apps/engine/fourier_report.hpp"
#include "apps/engine/measurement.hpp"
#include "apps/engine/recorded_analysis.hpp"
#include "apps/engine/engine_options.hpp"
#include "parser/ast/netlist_ast.hpp"
#include "parser/elaborate/deck.hpp"

#include <functional>
#include <memory>

namespace cablespice::app {

// What one .step point produced. Points run in parallel; their output is written afterwards
// in point order, so results are deterministic whatever -j is.
struct PointOutcome {
    elab::StepPoint point;
    // The point's index in the whole run: its random draws depend on (seed, index) alone, so a
    // caller that runs a share of the points (a Dask task) keeps each point's global index.
    std::size_t index = 0;
    std::unique_ptr<elab::Deck> deck;  // null when elaboration failed
    std::vector<Diagnostic> diagnostics;
    std::vector<RecordedAnalysis> analyses;
    std::vector<MeasureResult> measurements;
    std::vector<FourierReport> fourier;  // .four tables
    std::string opText;
    bool ok = false;

    // The deck its outputs are read against: its own, or `base` for a run without .step (whose
    // one outcome keeps no deck of its own).
    const elab::Deck& deckOr(const elab::Deck& base) const { return deck ? *deck : base; }
};

// One pending outcome per point, in order (the .step grid, or any list the caller builds).
std::vector<PointOutcome> pendingOutcomes(const std::vector<elab::StepPoint>& points);

// Runs each outcome's point: re-elaborates the parse tree with the point's values (sharing the
// base circuit's KLU symbolic analysis when the topology is unchanged), runs and records every
// analysis, evaluates .meas and .four. A failed point keeps its diagnostics; the others complete.
// Points run on workerCount() threads; onDone(i) is called on the worker that finished point i.
void runPoints(const ast::Netlist& netlist, const elab::Deck& base, const EngineOptions& options, std::uint64_t seed,
               std::vector<PointOutcome>& outcomes, const std::function<void(std::size_t)>& onDone = {});

// Threads for `points` points: options.jobs (0: all cores), at most one per point.
int workerCount(const EngineOptions& options, std::size_t points);

// Frees the outcomes on `workers` threads: freeing a thousand elaborated points is serial work
// as long as printing them.
void releaseInParallel(std::vector<PointOutcome>& outcomes, int workers);

// Runs the points of the deck's .step grid, results in point order; random functions draw
// with the deck's seed (.options seed=N, else 1).
std::vector<PointOutcome> runStepPoints(const ast::Netlist& netlist, const elab::Deck& base, const EngineOptions& options);

} // namespace cablespice::app
