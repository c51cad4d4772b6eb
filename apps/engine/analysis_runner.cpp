#include "apps/engine/analysis_runner.hpp"

#include "parser/elaborate/analysis_kinds.hpp"
#include "apps/engine/measurement.hpp"
#include "apps/engine/op_report.hpp"
#include "apps/engine/output_observers.hpp"
#include "apps/engine/recorded_analysis.hpp"
#include "apps/engine/sensitivity_report.hpp"
#include "apps/engine/solve_error_report.hpp"
#include "solver/analysis/ac_analysis.hpp"
#include "solver/analysis/cmrr_analysis.hpp"
#include "solver/analysis/dc_sweep.hpp"
#include "solver/analysis/dc_system.hpp"
#include "solver/analysis/frequency_sweep.hpp"
#include "solver/analysis/imbalance_budget.hpp"
#include "solver/analysis/noise_analysis.hpp"
#include "solver/analysis/operating_point.hpp"
#include "solver/analysis/sensitivity_analysis.hpp"
#include "solver/analysis/transient.hpp"
#include "solver/circuit/topology_check.hpp"

#include <ostream>
#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <optional>
#include <span>
#include <thread>
#include <variant>

namespace cablespice::app {

namespace {

// The pivoting a sweep's reference factorization used: 0 is the analysis's static pivots.
std::string pivotingWords(double tolerance) {
    return tolerance == 0.0 ? std::string("0 (static pivots)") : fmt::format("{:g}", tolerance);
}

bool needsOperatingPoint(const solver::AnalysisSpec& analysis) {
    if (const auto* tran = std::get_if<solver::TranSpec>(&analysis.kind)) return !tran->uic;
    return true;
}

} // namespace

std::vector<Diagnostic> topologyProblems(const elab::Deck& deck) {
    bool needed = false;
    for (const auto& analysis : deck.analyses) needed = needed || needsOperatingPoint(analysis);
    if (!needed) return {};
    if (deck.dcTopology) return describeTopologyProblems(deck, *deck.dcTopology);
    return describeTopologyProblems(deck, solver::checkDcTopology(*deck.circuit));
}

namespace {

// Runs one analysis; each alternative returns the solver's outcome.
struct AnalysisVisitor {
    elab::Deck& deck;
    solver::SolutionObserver& observer;
    std::ostream& out;
    bool printStats = false;
    int threads = 1;
    solver::KeptFactorizations* kept = nullptr;

    // What a sweep over the AC matrix family did (issue 17: fill, pivots and reuse in view).
    void printSweepStats(elab::PrintAnalysis analysis, const solver::FrequencySweepStats& s) const {
        if (!printStats) return;
        out << fmt::format("{} stats: {} frequencies on {} thread(s), factor nonzeros (L+U) {:.0f}, pivot tolerance {}, "
                           "{} factorizations, {} refactorizations ({} rejected by the accuracy checks), "
                           "{} static-pivot fallbacks, {} fast-tolerance fallbacks, {} solves, {} condition estimates, "
                           "refactorization multiply-adds {:.0f}\n",
                           elab::analysisWord(analysis), s.points, s.threads, s.factorEntries, pivotingWords(s.pivotTolerance), s.counters.factorizations,
                           s.counters.refactorizations, s.counters.rejectedRefactorizations, s.counters.staticFallbacks,
                           s.counters.fastFallbacks,
                           s.counters.solves, s.counters.conditionEstimates, s.factorMultiplyAdds);
    }

    solver::DcSettings dcSettings() const {
        solver::DcSettings settings{deck.options.tolerances, {}};
        for (const auto& [unknown, value] : deck.nodesets) settings.nodesets.push_back({unknown, value});
        return settings;
    }
    // The DC operating point; --stats tells how a nonlinear circuit's was reached.
    solver::Outcome<solver::OperatingPoint> operatingPoint() const {
        auto op = solver::solveDcOperatingPoint(*deck.circuit, dcSettings(), kept);
        if (op && printStats && !deck.circuit->isLinear())
            out << fmt::format("{} stats: reached by {} in {} Newton iterations\n", elab::analysisWord(elab::PrintAnalysis::Op),
                               solver::describe(op.value().method),
                               op.value().iterations);
        return op;
    }
    solver::Outcome<solver::Done> operator()(const solver::OpSpec&) const {
        auto op = operatingPoint();
        if (!op) return op.error();
        printOperatingPoint(deck, op.value().x, out);
        observer.begin(
            solver::AnalysisInfo{std::string(elab::analysisKind(elab::PrintAnalysis::Op).plotName), "", solver::VectorType::Other, false});
        observer.realPoint(0.0, op.value().x);
        observer.end(true);
        return solver::Done{};
    }
    solver::Outcome<solver::Done> operator()(const solver::DcSweepSpec& spec) const {
        return solver::runDcSweep(*deck.circuit, spec, observer, deck.options.tolerances);
    }
    // A nonlinear circuit's operating point, for the analyses linearised at it; none when linear.
    solver::Outcome<std::optional<solver::OperatingPoint>> operatingPointIfNonlinear() const {
        if (deck.circuit->isLinear()) return std::optional<solver::OperatingPoint>{};
        auto solved = operatingPoint();
        if (!solved) return solved.error();
        return std::optional<solver::OperatingPoint>(std::move(solved.value()));
    }
    // A linear circuit's .ac needs no operating point (G + jwC do not depend on it, and .ac
    // outputs nothing of it), as .cmrr and .noise: a values-only Monte Carlo point then does one
    // refactorization, not two.
    solver::Outcome<solver::Done> operator()(const solver::AcSpec& spec) const {
        auto solved = operatingPointIfNonlinear();
        if (!solved) return solved.error();
        const auto& op = solved.value();
        const auto x = op ? std::span<const double>(op->x) : std::span<const double>();
        auto stats = solver::runAc(*deck.circuit, x, spec, observer, threads, op ? &op->linearised : nullptr, kept);
        if (!stats) return stats.error();
        printSweepStats(elab::PrintAnalysis::Ac, stats.value());
        return solver::Done{};
    }
    solver::Outcome<solver::Done> operator()(const solver::CmrrSpec& spec) const {
        auto solved = operatingPointIfNonlinear();
        if (!solved) return solved.error();
        const auto& op = solved.value();
        auto stats = solver::runCmrr(*deck.circuit, spec, observer, threads, op ? &op->linearised : nullptr);
        if (!stats) return stats.error();
        printSweepStats(elab::PrintAnalysis::Cmrr, stats.value());
        return solver::Done{};
    }
    solver::Outcome<solver::Done> operator()(const solver::NoiseSpec& spec) const {
        auto solved = operatingPointIfNonlinear();
        if (!solved) return solved.error();
        const auto& op = solved.value();
        auto stats = solver::runNoise(*deck.circuit, spec, observer, threads, op ? &*op : nullptr);
        if (!stats) return stats.error();
        printSweepStats(elab::PrintAnalysis::Noise, stats.value());
        return solver::Done{};
    }
    solver::Outcome<solver::Done> operator()(const solver::SensSpec& spec) const {
        std::vector<RecordedAnalysis> recorded;
        RecordingObserver recorder(recorded);
        ObserverFan fan;
        fan.add(observer);
        fan.add(recorder);
        std::optional<solver::OperatingPoint> op;
        if (!spec.sweep) {  // AC .sens of a nonlinear circuit is refused by the solver
            auto solved = operatingPointIfNonlinear();
            if (!solved) return solved.error();
            op = std::move(solved.value());
        }
        auto outcome = solver::runSensitivity(*deck.circuit, spec, fan, threads, op ? &*op : nullptr);
        if (!outcome) return outcome;
        printNormalizedSensitivities(deck, spec, recorded.front(), out);
        return solver::Done{};
    }
    solver::Outcome<solver::Done> operator()(const solver::ImbalanceBudgetSpec& spec) const {
        auto budget = solver::runImbalanceBudget(*deck.circuit, spec, observer, threads);
        if (!budget) return budget.error();
        printImbalanceBudget(deck, budget.value(), out);
        return solver::Done{};
    }
    solver::Outcome<solver::Done> operator()(const solver::TranSpec& spec) const {
        solver::TransientOptions options;
        options.method = deck.options.method;
        options.tol = deck.options.tolerances;
        options.maxOrder = deck.options.maxOrder;
        options.solveThreads = std::min(threads, 2);
        options.breakpoints = deck.options.breakpoints;
        for (const auto& [unknown, value] : deck.nodesets) options.nodesets.push_back({unknown, value});
        auto stats = solver::runTransient(*deck.circuit, spec, options, deck.initialConditions, observer);
        if (!stats) return stats.error();
        if (printStats) {
            const auto& s = stats.value();
            out << fmt::format("transient stats: {} accepted steps, {} rejected, {} factorizations, {} refactorizations, "
                               "{} solves ({} on two threads), smallest step {:.6g} s, largest step {:.6g} s, "
                               "factor nonzeros (L+U) {:.0f}, pivot tolerance {:g}, refactorization multiply-adds {:.0f}\n",
                               s.acceptedSteps, s.rejectedSteps, s.factorizations, s.refactorizations, s.solves,
                               s.parallelSolves, s.smallestStep, s.largestStep, s.factorEntries, s.pivotTolerance,
                               s.factorMultiplyAdds);
            if (!deck.circuit->isLinear())
                out << fmt::format("newton stats: {} iterations, {} steps retried after no convergence\n",
                                   s.newtonIterations, s.newtonFailures);
        }
        return solver::Done{};
    }
};


} // namespace

solver::AnalysisSpec analysisAsRun(const solver::AnalysisSpec& analysis, const EngineOptions& options,
                                   const elab::Deck& deck) {
    solver::AnalysisSpec run = analysis;
    if (auto* noise = std::get_if<solver::NoiseSpec>(&run.kind))
        noise->recordContributions = options.recordNoiseContributions || measuresElementNoise(deck);
    return run;
}

solver::Outcome<solver::Done> runAnalysis(elab::Deck& deck, const solver::AnalysisSpec& analysis,
                                          solver::SolutionObserver& observer, std::ostream& opOut, bool printStats,
                                          int threads, solver::KeptFactorizations* kept) {
    return std::visit(AnalysisVisitor{deck, observer, opOut, printStats, threads, kept}, analysis.kind);
}

} // namespace cablespice::app
