#pragma once
#include "apps/engine/engine_options.hpp"
#include "solver/output/csv_writer.hpp"

#include <filesystem>
#include <optional>
#include <vector>

namespace cablespice::app {

// What the command line asked for: the engine's options plus the files to write and what to print.
struct RunOptions : EngineOptions {
    std::filesystem::path netlist;
    std::optional<std::filesystem::path> rawFile;
    bool asciiRaw = false;
    std::optional<std::filesystem::path> csvFile;
    solver::CsvComplexFormat csvComplex = solver::CsvComplexFormat::DecibelPhase;
    std::optional<std::filesystem::path> jsonFile;
    std::optional<std::filesystem::path> plotFile;  // --plot FILE.svg|FILE.png (drawn by gnuplot)
    bool noiseReport = false;                        // --noise-report: 20 Hz..20 kHz figures of each .noise
    double noiseReferenceDbu = 4.0;                  // --noise-ref: the output level its SNR is stated for
};

// Exit codes (documented in --help): success, errors in the input or the run, usage errors.
inline constexpr int kExitSuccess = 0;
inline constexpr int kExitInputError = 1;
inline constexpr int kExitUsageError = 2;

} // namespace cablespice::app
