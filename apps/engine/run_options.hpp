#pragma once
#include "parser/elaborate/elaborator.hpp"
#include "solver/output/csv_writer.hpp"

#include <atomic>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace cablespice::app {

// What the command line asked for.
struct RunOptions {
    std::filesystem::path netlist;
    std::optional<std::filesystem::path> rawFile;
    bool asciiRaw = false;
    std::optional<std::filesystem::path> csvFile;
    solver::CsvComplexFormat csvComplex = solver::CsvComplexFormat::DecibelPhase;
    std::optional<std::filesystem::path> jsonFile;
    std::optional<std::filesystem::path> plotFile;  // --plot FILE.svg|FILE.png (drawn by gnuplot)
    std::vector<elab::OutputVector> plotVectors;     // --plot-vectors: what to draw (empty: see plot_figures.hpp)
    std::vector<elab::ParamOverride> overrides;  // -D NAME=VALUE
    bool stats = false;                          // --stats: transient, .ac and .cmrr factorization counts
    bool strict = false;                         // --strict: bad output items are errors, not warnings
    int jobs = 0;                                // .step points in parallel; 0: all cores
    // --full-elaboration: every point elaborated from the parse tree, even one that changes only
    // values (those reuse the previous point's circuit otherwise: elab::elaborateReusing).
    bool fullElaboration = false;
    // Set (from a signal handler or another thread) to stop a run: points not started yet
    // fail with "run interrupted" instead of running. Null: never.
    const std::atomic<bool>* interrupted = nullptr;
    bool noiseReport = false;                    // --noise-report: 20 Hz..20 kHz figures of each .noise
    double noiseReferenceDbu = 4.0;              // --noise-ref: the output level its SNR is stated for
};

// Exit codes (documented in --help): success, errors in the input or the run, usage errors.
inline constexpr int kExitSuccess = 0;
inline constexpr int kExitInputError = 1;
inline constexpr int kExitUsageError = 2;

} // namespace cablespice::app
