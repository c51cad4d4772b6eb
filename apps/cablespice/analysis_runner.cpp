#include "apps/cablespice/analysis_runner.hpp"

#include "apps/cablespice/fourier_report.hpp"
#include "apps/cablespice/long_run_warning.hpp"
#include "apps/cablespice/measurement.hpp"
#include "apps/cablespice/noise_report.hpp"
#include "apps/cablespice/op_report.hpp"
#include "apps/cablespice/plot_writer.hpp"
#include "apps/cablespice/recorded_analysis.hpp"
#include "apps/cablespice/run_json.hpp"
#include "apps/cablespice/output_files.hpp"
#include "apps/cablespice/output_observers.hpp"
#include "apps/cablespice/solve_error_report.hpp"
#include "apps/cablespice/wave_output.hpp"
#include "solver/analysis/ac_analysis.hpp"
#include "solver/analysis/cmrr_analysis.hpp"
#include "solver/analysis/dc_sweep.hpp"
#include "solver/analysis/dc_system.hpp"
#include "solver/analysis/frequency_sweep.hpp"
#include "solver/analysis/noise_analysis.hpp"
#include "solver/analysis/transient.hpp"
#include "solver/circuit/topology_check.hpp"
#include "solver/output/table_printer.hpp"

#include <ostream>
#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <thread>
#include <variant>

namespace cablespice::app {

namespace {

bool needsOperatingPoint(const solver::AnalysisSpec& analysis) {
    if (const auto* tran = std::get_if<solver::TranSpec>(&analysis.kind)) return !tran->uic;
    return true;
}

} // namespace

// Structural problems make the DC matrix singular; name them before any solve.
bool checkTopology(const elab::Deck& deck, const DiagnosticPrinter& printer, std::ostream& err) {
    bool needed = false;
    for (const auto& analysis : deck.analyses) needed = needed || needsOperatingPoint(analysis);
    if (!needed) return true;
    auto problems = solver::checkDcTopology(*deck.circuit);
    for (const auto& diagnostic : describeTopologyProblems(deck, problems)) printer.print(err, diagnostic);
    return problems.empty();
}

namespace {

// Runs one analysis; each alternative returns the solver's outcome.
struct AnalysisVisitor {
    elab::Deck& deck;
    solver::SolutionObserver& observer;
    std::ostream& out;
    bool printStats = false;
    int threads = 1;

    // What a sweep over the AC matrix family did (issue 17: fill, pivots and reuse in view).
    void printSweepStats(const char* analysis, const solver::FrequencySweepStats& s) const {
        if (!printStats) return;
        out << fmt::format("{} stats: {} frequencies on {} thread(s), factor nonzeros (L+U) {:.0f}, pivot tolerance {:g}, "
                           "{} factorizations, {} refactorizations ({} rejected by the accuracy checks), "
                           "{} fast-tolerance fallbacks, {} solves\n",
                           analysis, s.points, s.threads, s.factorEntries, s.pivotTolerance, s.counters.factorizations,
                           s.counters.refactorizations, s.counters.rejectedRefactorizations, s.counters.fastFallbacks,
                           s.counters.solves);
    }

    solver::Outcome<solver::Done> operator()(const solver::OpSpec&) const {
        auto x = solver::solveOperatingPoint(*deck.circuit);
        if (!x) return x.error();
        printOperatingPoint(deck, x.value(), out);
        observer.begin(solver::AnalysisInfo{"Operating Point", "", solver::VectorType::Other, false});
        observer.realPoint(0.0, x.value());
        observer.end(true);
        return solver::Done{};
    }
    solver::Outcome<solver::Done> operator()(const solver::DcSweepSpec& spec) const {
        return solver::runDcSweep(*deck.circuit, spec, observer);
    }
    solver::Outcome<solver::Done> operator()(const solver::AcSpec& spec) const {
        auto x = solver::solveOperatingPoint(*deck.circuit);
        if (!x) return x.error();
        auto stats = solver::runAc(*deck.circuit, x.value(), spec, observer, threads);
        if (!stats) return stats.error();
        printSweepStats("ac", stats.value());
        return solver::Done{};
    }
    solver::Outcome<solver::Done> operator()(const solver::CmrrSpec& spec) const {
        auto stats = solver::runCmrr(*deck.circuit, spec, observer, threads);
        if (!stats) return stats.error();
        printSweepStats("cmrr", stats.value());
        return solver::Done{};
    }
    solver::Outcome<solver::Done> operator()(const solver::NoiseSpec& spec) const {
        auto stats = solver::runNoise(*deck.circuit, spec, observer, threads);
        if (!stats) return stats.error();
        printSweepStats("noise", stats.value());
        return solver::Done{};
    }
    solver::Outcome<solver::Done> operator()(const solver::TranSpec& spec) const {
        solver::TransientOptions options;
        options.method = deck.options.method;
        options.tol = deck.options.tolerances;
        options.maxOrder = deck.options.maxOrder;
        options.solveThreads = std::min(threads, 2);
        options.breakpoints = deck.options.breakpoints;
        auto stats = solver::runTransient(*deck.circuit, spec, options, deck.initialConditions, observer);
        if (!stats) return stats.error();
        if (printStats) {
            const auto& s = stats.value();
            out << fmt::format("transient stats: {} accepted steps, {} rejected, {} factorizations, {} refactorizations, "
                               "{} solves ({} on two threads), smallest step {:.6g} s, largest step {:.6g} s, "
                               "factor nonzeros (L+U) {:.0f}, pivot tolerance {:g}\n",
                               s.acceptedSteps, s.rejectedSteps, s.factorizations, s.refactorizations, s.solves,
                               s.parallelSolves, s.smallestStep, s.largestStep, s.factorEntries, s.pivotTolerance);
        }
        return solver::Done{};
    }
};


// A run without .step has the cores to itself (-j caps them): AC and CMRR frequencies run on all
// of them, large transients solve on up to two.
int threadsFor(const RunOptions& options) {
    const int jobs = options.jobs > 0 ? options.jobs : static_cast<int>(std::thread::hardware_concurrency());
    return std::max(jobs, 1);
}

bool runOne(elab::Deck& deck, const solver::AnalysisSpec& analysis, OutputFiles& files, RecordingObserver* recorder,
            const RunOptions& options, const DiagnosticPrinter& printer, std::ostream& out, std::ostream& err) {
    solver::TablePrinter table(out);
    PrintObserver print(table, deck, printKind(analysis));
    ObserverFan fan;
    files.attach(fan);
    if (!print.empty()) fan.add(print);
    // CMRR and noise analyses always print their tables (frequency, adm, acm, cmrr; the noise
    // spectra and integrated noise).
    SinkObserver ownTable(table, deck.title, {});
    if (std::holds_alternative<solver::CmrrSpec>(analysis.kind) || std::holds_alternative<solver::NoiseSpec>(analysis.kind))
        fan.add(ownTable);
    if (recorder) fan.add(*recorder);
    if (auto warning = longTransientWarning(*deck.circuit, analysis)) printer.print(err, *warning);
    auto outcome = runAnalysis(deck, analysis, fan, out, options.stats, threadsFor(options));
    if (outcome) return true;
    printer.print(err, describeSolveError(deck, outcome.error(), analysis.origin));
    return false;
}

} // namespace

elab::PrintAnalysis printKind(const solver::AnalysisSpec& analysis) {
    constexpr elab::PrintAnalysis kinds[] = {elab::PrintAnalysis::Op, elab::PrintAnalysis::Dc, elab::PrintAnalysis::Ac,
                                             elab::PrintAnalysis::Tran, elab::PrintAnalysis::Cmrr,
                                             elab::PrintAnalysis::Noise};
    static_assert(std::size(kinds) == std::variant_size_v<decltype(analysis.kind)>);
    return kinds[analysis.kind.index()];
}

solver::Outcome<solver::Done> runAnalysis(elab::Deck& deck, const solver::AnalysisSpec& analysis,
                                          solver::SolutionObserver& observer, std::ostream& opOut, bool printStats,
                                          int threads) {
    return std::visit(AnalysisVisitor{deck, observer, opOut, printStats, threads}, analysis.kind);
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
    RecordingObserver recorder(run.analyses);
    bool record = !deck.measures.empty() || !deck.fourier.empty() || !deck.waves.empty() || options.plotFile ||
                  options.noiseReport;
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
