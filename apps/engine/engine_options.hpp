#pragma once
#include "parser/elaborate/elaborator.hpp"

#include <atomic>
#include <vector>

namespace cablespice::app {

// How the engine runs a deck's points, whoever asks (the command line, the Python module,
// the benchmarks). What to print and which files to write are the caller's business.
struct EngineOptions {
    std::vector<elab::ParamOverride> overrides;  // -D NAME=VALUE
    bool stats = false;                          // transient, .ac and .cmrr factorization counts
    bool strict = false;                         // bad output items are errors, not warnings
    int jobs = 0;                                // .step points in parallel; 0: all cores
    // Every point elaborated from the parse tree, even one that changes only values (those
    // reuse the previous point's circuit otherwise: elab::elaborateReusing).
    bool fullElaboration = false;
    // Set (from a signal handler or another thread) to stop a run: a running analysis stops at
    // its next solution point and points not started yet do not run; each fails with "run
    // interrupted". Null: never.
    const std::atomic<bool>* interrupted = nullptr;
    // A .noise also records each element's noise (onoise_NAME, onoise_total_NAME) even without
    // .options noisecontrib: the CLI's --json reports it.
    bool recordNoiseContributions = false;
    // The command line's --plot-vectors: what --plot draws (empty: see plot_figures.hpp). The
    // recorded solutions keep these besides what the deck's output cards read (recordedUnknowns).
    std::vector<elab::OutputVector> plotVectors;
};

} // namespace cablespice::app
