// Benchmark helper (never a unit test; no timing thresholds). Built only on request:
//   cmake --build BUILD --target cable_bench
//
//   cable_bench stats DECK.cir [--threads 1|2]
//       Runs the deck's first .tran through solver::runTransient with an observer that keeps
//       nothing, prints TransientStats (accepted/rejected steps, factorizations, solves) and
//       the wall and CPU time (CPU of all threads). --threads: TransientOptions::solveThreads.
//   cable_bench klu DECK.cir [--h H] [--solves N] [--repeat R] [--wrapper-only 1]
//       Builds the deck's transient matrix A = G + (2/H)*C (trapezoidal; H defaults to the
//       .tran TMAX, else TSTEP), then for several KLU settings (pivot tolerance, ordering)
//       reports analyze/factor/refactor/solve times, factor nonzeros (lnz+unz), off-diagonal
//       pivots, rcond and the relative residual of a solve. Also times
//       KluRealNumeric::solve() as the transient uses it ("cost of one solve": factored at a
//       step 1e5 times smaller, then refactored at H), with KLU's own solve, with the
//       row-oriented copy, and with that copy on two threads. --wrapper-only 1 skips the raw KLU
//       settings and the default pivot tolerance (minutes at 1e5 unknowns).
//
// Output lines are "key=value" tokens so bench/run_transient_bench.py can parse them.

#include "apps/engine/loaded_netlist.hpp"
#include "parser/elaborate/elaborator.hpp"
#include "parser/parse_netlist.hpp"
#include "parser/source/diagnostic_printer.hpp"
#include "parser/source/source_manager.hpp"
#include "solver/analysis/transient.hpp"
#include "solver/mna/klu_factorization.hpp"

#include <klu.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <optional>
#include <random>
#include <string>
#include <variant>
#include <vector>

using namespace cablespice;

namespace {

using Clock = std::chrono::steady_clock;
double seconds(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

std::optional<elab::Deck> loadDeck(const char* path) {
    app::LoadedNetlist loaded;
    DiagnosticPrinter printer(loaded.sources());
    try {
        loaded.loadFile(path, {});
        return std::move(loaded.deck());
    } catch (const app::NetlistOpenError& error) {
        std::cerr << "cable_bench: " << error.what() << '\n';
    } catch (const SourceError& error) {
        for (const auto& d : error.diagnostics()) printer.print(std::cerr, d);
    }
    return std::nullopt;
}

const solver::TranSpec* findTran(const elab::Deck& deck) {
    for (const auto& analysis : deck.analyses)
        if (auto* tran = std::get_if<solver::TranSpec>(&analysis.kind)) return tran;
    return nullptr;
}

class NullObserver final : public solver::SolutionObserver {
public:
    void begin(const solver::AnalysisInfo&) override {}
    void realPoint(double, std::span<const double>) override { ++points; }
    void complexPoint(double, std::span<const std::complex<double>>) override {}
    void end(bool) override {}
    long points = 0;
};

int runStats(const char* path, int threads) {
    const std::clock_t c0 = std::clock();
    auto t0 = Clock::now();
    auto deck = loadDeck(path);
    if (!deck) return 1;
    auto t1 = Clock::now();
    const std::clock_t c1 = std::clock();
    const auto* tran = findTran(*deck);
    if (!tran) {
        std::cerr << "cable_bench: no .tran in deck\n";
        return 1;
    }
    solver::TransientOptions options;
    options.method = deck->options.method;
    options.tol = deck->options.tolerances;
    options.maxOrder = deck->options.maxOrder;
    options.solveThreads = threads;
    NullObserver observer;
    auto stats = solver::runTransient(*deck->circuit, *tran, options, deck->initialConditions, observer);
    auto t2 = Clock::now();
    const std::clock_t c2 = std::clock();
    if (!stats) {
        std::cerr << "cable_bench: transient failed: " << stats.error().message << '\n';
        return 1;
    }
    const auto& s = stats.value();
    std::printf("stats unknowns=%d nnz=%d accepted=%d rejected=%d factorizations=%d refactorizations=%d "
                "solves=%d parallel_solves=%d distinct_steps=%d hmin=%.6g hmax=%.6g points=%ld load_s=%.6f tran_s=%.6f "
                "load_cpu_s=%.6f tran_cpu_s=%.6f threads=%d\n",
                deck->circuit->pattern().size(), deck->circuit->pattern().nnz(), s.acceptedSteps, s.rejectedSteps,
                s.factorizations, s.refactorizations, s.solves, s.parallelSolves, s.distinctStepSizes, s.smallestStep, s.largestStep,
                observer.points, seconds(t0, t1), seconds(t1, t2), double(c1 - c0) / CLOCKS_PER_SEC,
                double(c2 - c1) / CLOCKS_PER_SEC, threads);
    return 0;
}

struct KluConfig {
    const char* name;
    double tol;
    int ordering;  // 0 AMD, 1 COLAMD
    int btf;
};

double residualNorm(const solver::SparsePattern& p, const std::vector<double>& a, const std::vector<double>& x,
                    const std::vector<double>& b) {
    std::vector<double> r(b);
    double bnorm = 0.0, anorm = 0.0, xnorm = 0.0;
    for (int j = 0; j < p.size(); ++j) {
        double colsum = 0.0;
        for (int k = p.columnPointers()[j]; k < p.columnPointers()[j + 1]; ++k) {
            r[p.rowIndices()[k]] -= a[k] * x[j];
            colsum += std::abs(a[k]);
        }
        anorm = std::max(anorm, colsum);
    }
    double rnorm = 0.0;
    for (int i = 0; i < p.size(); ++i) {
        rnorm = std::max(rnorm, std::abs(r[i]));
        bnorm = std::max(bnorm, std::abs(b[i]));
        xnorm = std::max(xnorm, std::abs(x[i]));
    }
    (void)bnorm;
    // normwise backward error ||r|| / (||A|| ||x||)  (inf-norm; ||A|| approximated by the 1-norm)
    return rnorm / (anorm * xnorm);
}

int runKlu(const char* path, double h, int solves, int repeat, bool wrapperOnly) {
    auto deck = loadDeck(path);
    if (!deck) return 1;
    const auto& circuit = *deck->circuit;
    const auto& p = circuit.pattern();
    if (h <= 0.0) {
        const auto* tran = findTran(*deck);
        h = tran ? (tran->tmax > 0.0 ? tran->tmax : tran->tstep) : 1e-5;
    }
    const double alpha0 = 2.0 / h;
    const auto g = circuit.gConstant().matrix();
    const auto c = circuit.cConstant().matrix();
    std::vector<double> a(static_cast<std::size_t>(p.nnz()));
    for (std::size_t k = 0; k < a.size(); ++k) a[k] = g[k] + alpha0 * c[k];
    const int n = p.size();
    std::printf("matrix unknowns=%d nnz=%d h=%.6g alpha0=%.6g\n", n, p.nnz(), h, alpha0);

    std::mt19937_64 rng(12345);
    std::uniform_real_distribution<double> dist(-1.0, 1.0);
    std::vector<double> b(static_cast<std::size_t>(n));
    for (auto& v : b) v = dist(rng);

    int* ap = const_cast<int*>(p.columnPointers().data());
    int* ai = const_cast<int*>(p.rowIndices().data());

    const KluConfig configs[] = {
        {"amd_tol1e-3", 1e-3, 0, 1}, {"amd_tol1e-6", 1e-6, 0, 1}, {"amd_tol1e-2", 1e-2, 0, 1},
        {"amd_tol0.1", 0.1, 0, 1},   {"colamd_tol1e-3", 1e-3, 1, 1}, {"colamd_tol1e-6", 1e-6, 1, 1},
        {"amd_nobtf_tol1e-3", 1e-3, 0, 0}, {"amd_nobtf_tol1e-6", 1e-6, 0, 0},
    };
    for (const auto& cfg : configs) {
        if (wrapperOnly) break;
        klu_common common;
        klu_defaults(&common);
        common.tol = cfg.tol;
        common.ordering = cfg.ordering;
        common.btf = cfg.btf;
        auto t0 = Clock::now();
        klu_symbolic* sym = klu_analyze(n, ap, ai, &common);
        auto t1 = Clock::now();
        if (!sym) {
            std::printf("klu config=%s status=analyze_failed\n", cfg.name);
            continue;
        }
        klu_numeric* num = nullptr;
        double factorTime = 1e300;
        for (int r = 0; r < repeat; ++r) {
            if (num) klu_free_numeric(&num, &common);
            auto f0 = Clock::now();
            num = klu_factor(ap, ai, a.data(), sym, &common);
            auto f1 = Clock::now();
            factorTime = std::min(factorTime, seconds(f0, f1));
        }
        if (!num) {
            std::printf("klu config=%s status=factor_failed\n", cfg.name);
            klu_free_symbolic(&sym, &common);
            continue;
        }
        double refactorTime = 1e300;
        for (int r = 0; r < repeat; ++r) {
            auto f0 = Clock::now();
            klu_refactor(ap, ai, a.data(), sym, num, &common);
            auto f1 = Clock::now();
            refactorTime = std::min(refactorTime, seconds(f0, f1));
        }
        klu_rcond(sym, num, &common);
        double rcond = common.rcond;
        klu_rgrowth(ap, ai, a.data(), sym, num, &common);
        double rgrowth = common.rgrowth;
        klu_condest(ap, a.data(), sym, num, &common);
        double condest = common.condest;
        std::vector<double> x(b);
        klu_solve(sym, num, n, 1, x.data(), &common);
        double berr = residualNorm(p, a, x, b);
        // solve timing: best of `repeat` batches of `solves` solves
        double solveTime = 1e300;
        for (int r = 0; r < repeat; ++r) {
            auto s0 = Clock::now();
            for (int s = 0; s < solves; ++s) {
                std::copy(b.begin(), b.end(), x.begin());
                klu_solve(sym, num, n, 1, x.data(), &common);
            }
            auto s1 = Clock::now();
            solveTime = std::min(solveTime, seconds(s0, s1) / solves);
        }
        std::printf("klu config=%s tol=%g ordering=%s btf=%d blocks=%d lnz+unz=%.0f offdiag_pivots=%d "
                    "analyze_ms=%.3f factor_ms=%.3f refactor_ms=%.3f solve_ms=%.4f rcond=%.3e condest=%.3e "
                    "rgrowth=%.3e backward_err=%.3e\n",
                    cfg.name, cfg.tol, cfg.ordering ? "colamd" : "amd", cfg.btf, sym->nblocks,
                    static_cast<double>(num->lnz) + num->unz, common.noffdiag, seconds(t0, t1) * 1e3, factorTime * 1e3,
                    refactorTime * 1e3, solveTime * 1e3, rcond, condest, rgrowth, berr);
        klu_free_numeric(&num, &common);
        klu_free_symbolic(&sym, &common);
    }

    // The project's own wrapper, exactly as the transient uses it (circuit's shared symbolic,
    // its KluSettings): factor once, then time solve() on a copy of b.
    // rowSolve: -1 the default threshold, 0 KLU's own solve, 1 the row-oriented copy always.
    // threads: KluSettings::solveThreads (two only matter for a two-domain symbolic).
    const struct { double fastTol; int rowSolve; int threads; } wrappers[] = {
        {0.0, -1, 1}, {1e-6, 0, 1}, {1e-6, 1, 1}, {1e-6, 1, 2}};
    for (const auto [fastTol, rowSolve, threads] : wrappers) {
        if (wrapperOnly && fastTol == 0.0) continue;  // the default tolerance's fill: minutes at 1e5
        solver::KluSettings settings = circuit.symbolic().settings();
        settings.fastPivotTolerance = fastTol;
        if (rowSolve >= 0) settings.rowSolveMinEntries = rowSolve;
        settings.solveThreads = threads;
        solver::KluRealNumeric numeric(circuit.symbolic(), settings);
        // As in the transient: the pivots are chosen at its first, tiny step (where the
        // -alpha0 L diagonals make diagonal pivots safe), and later step sizes refactor with them.
        // A fresh factor at TMAX can take far more off-diagonal pivots (bench/README.md).
        std::vector<double> first(a.size());
        for (std::size_t k = 0; k < a.size(); ++k) first[k] = g[k] + 1e5 * alpha0 * c[k];
        auto firstOk = numeric.factor(first);
        auto f0 = Clock::now();
        auto ok = firstOk ? numeric.factor(a) : firstOk;
        auto f1 = Clock::now();
        if (!ok) {
            std::printf("wrapper status=factor_failed\n");
            return 1;
        }
        std::vector<double> x(b);
        double solveTime = 1e300;
        for (int r = 0; r < repeat; ++r) {
            auto s0 = Clock::now();
            for (int s = 0; s < solves; ++s) {
                std::copy(b.begin(), b.end(), x.begin());
                numeric.solve(x);
            }
            auto s1 = Clock::now();
            solveTime = std::min(solveTime, seconds(s0, s1) / solves);
        }
        std::printf("wrapper tol=%g fast_tol=%g refactor_of_tiny_step=1 using_fast=%d row_solve=%d by_domain=%d two_threads=%d fallbacks=%d factor_ms=%.3f solve_ms=%.4f "
                    "rcond=%.3e backward_err=%.3e\n",
                    settings.pivotTolerance, fastTol, numeric.usingFastPivoting() ? 1 : 0, numeric.usingRowSolve() ? 1 : 0,
                    numeric.solvingByDomain() ? 1 : 0, numeric.solvingOnTwoThreads() ? 1 : 0, numeric.counters().fastFallbacks, seconds(f0, f1) * 1e3, solveTime * 1e3,
                    numeric.lastReciprocalCondition(), residualNorm(p, a, x, b));
    }
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: cable_bench stats DECK [--threads 1|2] | cable_bench klu DECK [--h H] [--solves N] [--repeat R] [--wrapper-only 1]\n";
        return 2;
    }
    std::string mode = argv[1];
    if (mode == "stats") {
        const int threads = argc >= 5 && std::string(argv[3]) == "--threads" ? std::clamp(std::atoi(argv[4]), 1, 2) : 1;
        return runStats(argv[2], threads);
    }
    if (mode == "klu") {
        double h = 0.0;
        int solves = 200, repeat = 3;
        bool wrapperOnly = false;
        for (int i = 3; i + 1 < argc; i += 2) {
            std::string key = argv[i];
            if (key == "--h") h = std::atof(argv[i + 1]);
            else if (key == "--solves") solves = std::max(1, std::atoi(argv[i + 1]));
            else if (key == "--repeat") repeat = std::max(1, std::atoi(argv[i + 1]));
            else if (key == "--wrapper-only") wrapperOnly = std::atoi(argv[i + 1]) != 0;
        }
        return runKlu(argv[2], h, solves, repeat, wrapperOnly);
    }
    std::cerr << "cable_bench: unknown mode " << mode << '\n';
    return 2;
}
