#include "apps/cablespice/run_analyses.hpp"

#include "parser/elaborate/analysis_kinds.hpp"
#include "apps/cablespice/output_files.hpp"
#include "apps/cablespice/plot_writer.hpp"
#include "apps/cablespice/run_json.hpp"
#include "apps/cablespice/wave_output.hpp"
#include "apps/cablespice/noise_report.hpp"
#include "apps/engine/analysis_runner.hpp"
#include "apps/engine/fourier_report.hpp"
#include "apps/engine/long_run_warning.hpp"
#include "apps/engine/measurement.hpp"
#include "apps/engine/output_observers.hpp"
#include "apps/engine/recorded_analysis.hpp"
#include "apps/engine/recorded_unknowns.hpp"
#include "apps/engine/solve_error_report.hpp"
#include "apps/engine/stepped_runner.hpp"
#include "solver/output/table_printer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <ostream>
#include <thread>
#include <variant>

namespace cablespice::app {

bool checkTopology(const elab::Deck& deck, const DiagnosticPrinter& printer, std::ostream& err) {
    auto problems = topologyProblems(deck);
    for (const auto& diagnostic : problems) printer.print(err, diagnostic);
    return problems.empty();
}

namespace {

bool runOne(elab::Deck& deck, const solver::AnalysisSpec& analysis, OutputFiles& files, RecordingObserver* recorder,
            const RunOptions& options, const DiagnosticPrinter& printer, std::ostream& out, std::ostream& err) {
    solver::TablePrinter table(out);
    PrintObserver print(table, deck, elab::analysisKind(analysis).print);
    ObserverFan fan;
    files.attach(fan);
    if (!print.empty()) fan.add(print);
    // CMRR, noise and sensitivity analyses always print their tables (frequency, adm, acm, cmrr; the noise
    // spectra and integrated noise).
    SinkObserver ownTable(table, deck.title, {});
    if (std::holds_alternative<solver::CmrrSpec>(analysis.kind) || std::holds_alternative<solver::NoiseSpec>(analysis.kind) ||
        std::holds_alternative<solver::SensSpec>(analysis.kind) || std::holds_alternative<solver::ImbalanceBudgetSpec>(analysis.kind))
        fan.add(ownTable);
    if (recorder) fan.add(*recorder);
    if (auto warning = longTransientWarning(*deck.circuit, analysis)) printer.print(err, *warning);
    const auto start = std::chrono::steady_clock::now();
    auto outcome = runAnalysis(deck, analysisAsRun(analysis, options, deck), fan, out, options.stats, threadsFor(options));
    // With the load's times, what a run spends outside its analyses (the part more threads
    // cannot shorten).
    if (options.stats)
        out << fmt::format("{} wall time: {:.1f} ms\n", elab::analysisWord(elab::analysisKind(analysis).print),
                           1e3 * std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    if (outcome) return true;
    printer.print(err, describeSolveError(deck, outcome.error(), analysis.origin));
    return false;
}

} // namespace

// A run without .step has the cores to itself (-j caps them): AC and CMRR frequencies run on all
// of them, large transients solve on up to two.
int threadsFor(const RunOptions& options) {
    const int jobs = options.jobs > 0 ? options.jobs : static_cast<int>(std::thread::hardware_concurrency());
    return std::max(jobs, 1);
}

int runAnalyses(elab::Deck& deck, const RunOptions& options, const DiagnosticPrinter& printer, std::ostream& out,
                std::ostream& err) {
    if (deck.analyses.empty()) {
        printer.print(err, Diagnostic{Severity::Warning, {}, "no analysis requested (.op, .dc, .ac or .tran)", {}});
        return kExitSuccess;
    }
    if (!checkTopology(deck, printer, err)) return kExitInputError;
    OutputFiles files(options, deck);
    std::vector<PointOutcome> runs(1);
    PointOutcome& run = runs.front();
    // Solutions are kept in memory only when measurements or plots need them.
    const bool record = !deck.measures.empty() || !deck.fourier.empty() || !deck.waves.empty() || options.plotFile ||
                        options.noiseReport || (options.jsonFile && jsonReadsSolutions(deck));
    RecordingObserver recorder(run.analyses, record ? recordedUnknowns(deck, options.plotVectors) : std::nullopt);
    bool ok = true;
    for (const auto& analysis : deck.analyses) {
        ok = runOne(deck, analysis, files, record ? &recorder : nullptr, options, printer, out, err);
        if (!ok) break;
    }
    // Every plot written so far is complete or marked partial, so the files are consistent.
    files.commit();
    if (ok) {
        std::vector<Diagnostic> fourierErrors;
        run.fourier = evaluateFourier(deck, run.analyses, fourierErrors);
        for (const auto& error : fourierErrors) printer.print(err, error);
        printFourier(run.fourier, out);
        if (options.noiseReport) printNoiseReport(run.analyses, options.noiseReferenceDbu, out);
        std::vector<Diagnostic> waveDiagnostics;
        writeWaves(deck, run.analyses, waveDiagnostics);
        for (const auto& diagnostic : waveDiagnostics) printer.print(err, diagnostic);
        ok = fourierErrors.empty() && std::none_of(waveDiagnostics.begin(), waveDiagnostics.end(), [](const auto& d) {
                 return d.severity == Severity::Error;
             });
    }
    run.ok = ok;
    if (!deck.measures.empty()) run.measurements = evaluateMeasures(deck, run.analyses);
    printMeasures(run.measurements, "", out);
    if (options.jsonFile) writeRunJson(*options.jsonFile, deck, runs);
    if (ok && options.plotFile) ok = writePlots(deck, runs, options, err);
    return ok ? kExitSuccess : kExitInputError;
}

} // namespace cablespice::app
