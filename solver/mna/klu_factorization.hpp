#pragma once
#include "solver/mna/static_pivot_pattern.hpp"
#include "solver/mna/row_oriented_lu.hpp"
#include "solver/mna/sparse_pattern.hpp"
#include "solver/mna/two_domain_ordering.hpp"
#include "solver/support/outcome.hpp"

#include <complex>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <vector>

#include <klu.h>

namespace cablespice::solver {

// Pivoting and reuse settings for KLU.
struct KluSettings {
    double pivotTolerance = 1e-3;     // KLU Common.tol (partial pivoting threshold)
    double minReciprocalGrowth = 1e-10; // below this a refactor is redone with klu_factor
    // Whether a refactorization's pivot growth is checked (klu_rgrowth, a pass over A and U).
    // The transient Newton family refactors at every iteration and leaves it out, as SPICE
    // does: a poor refactorization there shows in the Newton iteration's own residual and
    // convergence tests, and a tiny pivot still fails the klu_rcond screen.
    bool checkRefactorGrowth = true;
    double minReciprocalCondition = 1e-17; // klu_rcond below this: numerically singular
    // Optional first try with a much smaller pivot tolerance (0: off). KLU then keeps
    // diagonal pivots wherever they are acceptable; on cable harnesses (G + alpha0*C) this
    // cuts the factor nonzeros ~9x and factor/solve time accordingly (ARCHITECTURE B4,
    // bench/README.md). Such a factorization is kept only when it passes an accuracy check:
    // klu_rcond, klu_rgrowth and the backward error of one solve with a known solution
    // (<= maxBackwardError). Otherwise the matrix is factored again with pivotTolerance, and
    // that numeric object stops trying the fast tolerance (sticky).
    double fastPivotTolerance = 0.0;
    double maxBackwardError = 1e-12;
    // Complex factors only: a full factorization first tries the static pivots of the symbolic
    // analysis (its diagonal, but where that is always zero; StaticPivotPattern), whose factor
    // pattern KluSymbolic works out once (staticPivots()), by a refactorization instead of
    // klu_z_factor's pivot search (~2.5x cheaper at 1e4 unknowns). On the cable harnesses they are
    // the pivots KLU's search keeps at fastPivotTolerance. Kept when they pass the same checks as
    // fast pivots; otherwise the fast tolerance, then pivotTolerance, as without them.
    bool staticPivots = false;
    // KluSymbolic works out its staticPivots() pattern with the analysis (on the thread that
    // makes it, DeferredSymbolic's background thread for a run with a core to spare) instead of
    // on first use: for a circuit whose frequency analyses will start from it.
    bool analyzeStaticPivots = false;
    // Steps of iterative refinement after each solve with a fast-tolerance factorization (0:
    // none). Each costs a product with A and a solve. The backward-error check measures the
    // refined solve, so static pivots are accepted exactly when they deliver an accurate answer.
    int refinementSteps = 0;
    // A solve is refined only while its normwise backward error is above this (4 ulp).
    double refinementTarget = 8.9e-16;
    // refactorIfAccurate() leaves the backward-error check to the caller's solves (each
    // refined solve measures its own; lastSolvesAccurate()), instead of a test solve of its own:
    // for a matrix solved once or twice per factorization (an AC frequency) that saves a solve
    // and three products with A per factorization.
    bool checkEachSolve = false;
    // Fill-reducing ordering of klu_analyze: 0 AMD on A+A' (best when diagonal pivots are
    // usable), 1 COLAMD on A'A (bounds fill whatever rows partial pivoting picks).
    int ordering = 0;
    // KLU Common.scale: 2 scales each row by its largest entry (KLU's default), -1 neither
    // scales nor checks the matrix (no klu_scale pass at every refactorization).
    int scale = 2;
    // Real factors with at least this many nonzeros (lnz + unz) are solved from a row-oriented
    // copy (row_oriented_lu.hpp); 0: never. The default sits between the 1e3-unknown harness
    // (7 k entries, KLU's solve is faster) and the 1e4 one (0.21 M, 1.4x faster solves); at 1e5
    // (2-3 M) it is 2x faster. Measured in bench/README.md.
    int rowSolveMinEntries = 100'000;
    // Solves of one factorization done by KLU's own solve before the row-oriented copy is made
    // (0: copy right after factoring). Copying costs a few solves, so a factorization that is
    // solved once or twice (an operating point, the start-up's short-lived step sizes) is cheaper
    // without it; one kept for many steps makes the copy on its third solve.
    int rowSolveAfterSolves = 2;
    // Patterns with at least this many unknowns are ordered as two independent domains and a
    // small separator (two_domain_ordering.hpp) instead of by AMD with BTF, when AMD is the
    // ordering and the pattern has such a split; 0: never. On the cable harnesses the fill is
    // within 1-2 % of AMD's, and the row-oriented solve can then work on both domains at once.
    int splitMinUnknowns = 20'000;
    // Threads for the row-oriented solve of a two-domain factorization with at least
    // parallelSolveMinEntries factor nonzeros: 1 or 2. Below ~1 M entries the solve is too short
    // for the second thread's wake-up to pay (bench/README.md).
    int solveThreads = 1;
    int parallelSolveMinEntries = 1'000'000;
    // The transient keeps the previous step size's factorization next to the current one when
    // the factors have fewer nonzeros than this (0: never), so a step size that comes back (a
    // rejected step's retry, a controller going between two sizes) costs no refactorization.
    // Above it the second factorization's memory would outweigh that (at 1e5 unknowns ~60 MB).
    int previousFactorMaxEntries = 1'000'000;
};

inline constexpr int kColamdOrdering = 1;

// klu_analyze once per topology; shared by every numeric factorisation of that pattern.
// Move-only RAII over klu_symbolic (copy would double-free).
class KluSymbolic {
public:
    explicit KluSymbolic(const SparsePattern& pattern, KluSettings settings = {});
    ~KluSymbolic();
    KluSymbolic(const KluSymbolic&) = delete;
    KluSymbolic& operator=(const KluSymbolic&) = delete;

    const SparsePattern& pattern() const { return pattern_; }
    const KluSettings& settings() const { return settings_; }
    klu_symbolic* get() const { return symbolic_; }
    bool ok() const { return symbolic_ != nullptr || pattern_.size() == 0; }
    // The parts of the two-domain ordering, when the analysis used one (KluSettings::splitMinUnknowns).
    const std::optional<DomainSplit>& split() const { return split_; }
    // The static pivots of this analysis and their factors' pattern, worked out on first use (any
    // thread; once) or with the analysis (KluSettings::analyzeStaticPivots); null without an
    // analysis or when a column reaches no row to pivot on.
    const StaticPivotPattern* staticPivots() const;

private:
    bool analyzeAsTwoDomains();

    const SparsePattern& pattern_;
    KluSettings settings_;
    klu_symbolic* symbolic_ = nullptr;
    std::optional<DomainSplit> split_;
    mutable std::once_flag staticPivotsOnce_;
    mutable std::optional<StaticPivotPattern> staticPivots_;
};

// Counts kept for tests and benchmarks (how much numeric work a run really did).
struct KluCounters {
    int factorizations = 0;   // full klu_factor (pivot search)
    int refactorizations = 0; // klu_refactor (same pivots)
    int solves = 0;
    int parallelSolves = 0;   // solves that ran the two domains on two threads
    int fastFallbacks = 0;    // fast-tolerance factorizations rejected by the accuracy check
    int staticFallbacks = 0;  // static-pivot factorizations (KluSettings::staticPivots) not kept
    int rejectedRefactorizations = 0; // refactorizations that failed the growth, condition or backward-error check
    int conditionEstimates = 0; // klu_condest runs (the pivot-ratio screen low), each ~10 solves

    // The counts of several numeric objects of one family, added up field by field.
    KluCounters& operator+=(const KluCounters& other) {
        factorizations += other.factorizations;
        refactorizations += other.refactorizations;
        solves += other.solves;
        parallelSolves += other.parallelSolves;
        fastFallbacks += other.fastFallbacks;
        staticFallbacks += other.staticFallbacks;
        rejectedRefactorizations += other.rejectedRefactorizations;
        conditionEstimates += other.conditionEstimates;
        return *this;
    }
};

// Which accuracy checks of a full factorization a numeric object runs itself (see
// FreshFactorChecks): all of them unless it shares them.
struct FreshCheckShare {
    bool condition = true;      // klu_rcond's screen, confirmed by klu_condest when low
    bool growth = true;         // klu_rgrowth (fast-tolerance factorizations)
    bool backwardError = true;  // a test solve's backward error (fast-tolerance factorizations)
};

// The results of a full factorization's accuracy checks, so that numeric objects that factor
// the same values with the same settings can divide the checks among them: klu_factor is
// deterministic, so each has the same factors and pivot order bit for bit, and each check would
// come out the same in every one of them (FrequencySweep's threads, all preparing at the
// sweep's first frequency). A check not run is empty.
struct FreshFactorChecks {
    struct Condition {
        bool acceptable = false;
        double reciprocal = 0.0;       // the reciprocal condition the check settled on
        double confirmedScreen = 0.0;  // the klu_rcond screen klu_condest confirmed, if any
    };
    std::optional<Condition> condition;
    std::optional<bool> growthAcceptable;
    std::optional<bool> backwardErrorAcceptable;

    // Fills in the checks this one lacks from `other`.
    void add(const FreshFactorChecks& other) {
        if (!condition) condition = other.condition;
        if (!growthAcceptable) growthAcceptable = other.growthAcceptable;
        if (!backwardErrorAcceptable) backwardErrorAcceptable = other.backwardErrorAcceptable;
    }
};

// Numeric LU of one matrix family (OP/DC, transient or AC) over a shared KluSymbolic.
// First call factors; later calls refactor with the same pivots, check the reciprocal
// pivot growth and condition, and fall back to a full factor when poor.
template <class Scalar>
class KluNumeric {
public:
    explicit KluNumeric(const KluSymbolic& symbolic);
    // Own settings for this matrix family (pivot tolerances and thresholds; the ordering
    // stays the symbolic's).
    KluNumeric(const KluSymbolic& symbolic, const KluSettings& settings);
    ~KluNumeric();
    KluNumeric(const KluNumeric&) = delete;
    KluNumeric& operator=(const KluNumeric&) = delete;

    // values: nnz entries in the pattern's CSC order.
    Outcome<Done> factor(std::span<const Scalar> values);
    // Static pivoting (the AC family): refactors with the pivot order of the last full
    // factorization and keeps the result only when it passes every accuracy check (growth,
    // condition, backward error). The pivot order stays either way, so the outcome depends only
    // on that order and these values; false: these values need a factorization of their own.
    bool refactorIfAccurate(std::span<const Scalar> values);
    // refactorIfAccurate(values), then, when true, solve(rhs) (size n) and solve(second) when
    // given, for complex values in the same pass over the factors (refactorSolveComplex,
    // refactorSolveComplexPair: the second within a rounding of a separate solve, before
    // refinement); when false the right-hand sides are left undefined.
    bool refactorSolvingIfAccurate(std::span<const Scalar> values, std::span<Scalar> rhs,
                                   std::span<Scalar> second = {});
    // A full factorization (pivot search) of these values whatever came before; the fast
    // tolerance, when the settings have one, is tried first every time (not sticky).
    Outcome<Done> factorFresh(std::span<const Scalar> values);
    // factorFresh() in its three steps, for numeric objects that share the accuracy checks
    // (FreshFactorChecks): the factorization alone (an error here is factorFresh's), then the
    // checks of `share`, then the verdict on every check's results (this object's and the
    // others'): the factorization stands, or, its fast pivots rejected, a factorization at the
    // default tolerance (with all its checks) replaces it. The verdict needs every check that
    // applies: the condition always, growth and backward error after fast pivots.
    Outcome<Done> factorFreshUnchecked(std::span<const Scalar> values);
    // factorFreshUnchecked(values) by copying `other`'s (same symbolic analysis and settings,
    // the same values, factorFreshUnchecked done): klu_factor is deterministic, so the copy is
    // the factorization this object would make, bit for bit, without the pivot search (a
    // sweep's second thread, FrequencySweep). `other` may run its checks meanwhile. Factors
    // itself when `other` has no factorization.
    Outcome<Done> copyFreshUnchecked(const KluNumeric& other, std::span<const Scalar> values);
    FreshFactorChecks checkFresh(const FreshCheckShare& share);
    Outcome<Done> settleFresh(const FreshFactorChecks& checks);
    // With checkEachSolve: false once a solve since the last refactorIfAccurate() had a backward
    // error above maxBackwardError (after refinement); the factorization then cannot serve.
    bool lastSolvesAccurate() const { return !solvesInaccurate_; }
    // In-place solve of A x = rhs (size n). Requires a successful factor().
    void solve(std::span<Scalar> rhs);
    // Solve for several right-hand sides stored column after column (n * count).
    void solveMany(std::span<Scalar> rhs, int count);
    // In-place solve of the transposed system A^T y = rhs (plain transpose, also for complex
    // values) on the same factors: the adjoint solve of noise and sensitivity analyses.
    void solveTransposed(std::span<Scalar> rhs);

    bool factored() const { return numeric_ != nullptr; }
    // Frees the row-oriented copy (made again, in full, on the third solve from now): for a
    // factorization kept aside while another one is in use.
    void releaseRowCopy();
    // lnz + unz of the current factors (0 before the first factor).
    double factorEntries() const { return numeric_ ? static_cast<double>(numeric_->lnz) + numeric_->unz : 0.0; }
    // The multiply-adds a refactorization on the current factors' pattern costs (0 before the first factor).
    double refactorMultiplyAdds() const;
    const KluCounters& counters() const { return counters_; }
    // klu_rcond's pivot-ratio screen of the current factorization, or 1 / klu_condest when the
    // screen was low and an estimate was made for it (see checkCondition).
    double lastReciprocalCondition() const { return rcond_; }
    // True when the current factorization has pivots that need the accuracy checks: those of
    // settings().fastPivotTolerance or the analysis's static ones (usingStaticPivots()).
    bool usingFastPivoting() const { return fast_; }
    bool usingStaticPivots() const { return onStaticPivots_; }
    // The pivot tolerance the current factorization was made with (0: the static pivots).
    double pivotToleranceUsed() const {
        return onStaticPivots_ ? 0.0 : fast_ ? settings_.fastPivotTolerance : settings_.pivotTolerance;
    }
    // True when solve() uses the row-oriented copy of the factors (see KluSettings).
    bool usingRowSolve() const { return rowsCurrent_; }
    // True when that copy is solved as two domains (KluSettings::splitMinUnknowns), and on two threads.
    bool solvingByDomain() const { return rowsCurrent_ && rows_->solvesByDomain(); }
    bool solvingOnTwoThreads() const { return rowsCurrent_ && rows_->usesTwoThreads(); }
    // The solve's helper thread while solvingOnTwoThreads(), else null.
    ForkJoinPair* solveTeam() const { return rowsCurrent_ ? rows_->team() : nullptr; }
    const KluSettings& settings() const { return settings_; }

private:
    Outcome<Done> fullFactor(std::span<const Scalar> values);
    Outcome<Done> factorUnchecked(std::span<const Scalar> values);
    FreshFactorChecks checksOf(const FreshCheckShare& share);
    Outcome<Done> settle(const FreshFactorChecks& checks);
    Outcome<Done> factorWithTolerance(std::span<const Scalar> values, double tolerance);
    Outcome<Done> factorOnly(std::span<const Scalar> values, double tolerance);
    bool factorOnStaticPivots(std::span<const Scalar> values);
    Outcome<Done> factorSearchingPivots(std::span<const Scalar> values);
    Outcome<Done> settleAfterStaticRejected();
    void dropFactorization(std::span<const Scalar> values);
    Outcome<Done> numericallySingular() const;
    bool growthAcceptable(std::span<const Scalar> values);
    bool backwardErrorAcceptable(std::span<const Scalar> values);
    // With rhs (not empty), also solves it in the refactorization's pass.
    bool refactorAcceptable(std::span<const Scalar> values, std::span<Scalar> rhs = {}, std::span<Scalar> second = {});
    void prepareRowSolve();
    Outcome<Done> checkCondition();
    bool conditionEstimateAcceptable();
    bool refining() const;
    void checkLastSolve();  // solves measure their residual (refinement or checkEachSolve)
    void solveColumn(std::span<Scalar> x);
    void keepForRefinement(std::span<const Scalar> b);
    void refineSolution(std::span<Scalar> x);
    void refineSolution(std::span<Scalar> x, std::span<const Scalar> b);
    double residualOf(std::span<const Scalar> b, std::span<const Scalar> x, std::span<Scalar> residual);
    double transposedResidualOf(std::span<const Scalar> b, std::span<const Scalar> y, std::span<Scalar> residual);
    void rememberValues(std::span<const Scalar> values);
    Outcome<Done> singularError() const;
    Outcome<Done> afterFactor(Outcome<Done> result);

    const KluSymbolic& symbolic_;
    KluSettings settings_;
    std::unique_ptr<klu_common_struct> common_;
    klu_numeric* numeric_ = nullptr;
    KluCounters counters_;
    double rcond_ = 0.0;
    // The lowest klu_rcond screen that klu_condest confirmed for the current pivot order (see
    // checkCondition); none after a full factorization.
    static constexpr double kNoConfirmedScreen = std::numeric_limits<double>::infinity();
    double confirmedScreen_ = kNoConfirmedScreen;
    bool fast_ = false;          // current factorization used fastPivotTolerance or static pivots
    bool fastRejected_ = false;  // the accuracy check failed once: default tolerance from now on
    bool onStaticPivots_ = false;   // current factorization used the static pivots
    bool staticRejected_ = false;   // they failed for this factorization's values
    std::span<const Scalar> values_;  // the values of the last factor/refactor (the caller's array): condest, refinement
    double valuesNorm_ = 0.0;         // their infinity norm (summed by residualOf)
    double valuesColumnNorm_ = 0.0;   // their 1-norm, the infinity norm of A^T (transposedResidualOf)
    bool rowNormCurrent_ = false;     // valuesNorm_ is that of values_
    bool columnNormCurrent_ = false;  // valuesColumnNorm_ is that of values_
    double lastBackwardError_ = 0.0;  // of the last refined solve
    bool solvesInaccurate_ = false;   // a solve since the last refactorIfAccurate() failed the check
    std::vector<Scalar> check_;  // accuracy-check workspace (3n), sized on first use
    std::vector<double> rowNorm_;  // row sums of |A|, for valuesNorm_
    std::vector<Scalar> refine_; // refinement workspace (2n), sized on first use
    std::vector<Scalar> secondRhs_; // a second right-hand side kept for its refinement (n)
    std::unique_ptr<RowOrientedLu> rows_;  // real factors past settings_.rowSolveMinEntries
    bool rowsWanted_ = false;              // the current factorization is big enough for rows_
    bool rowsCurrent_ = false;             // rows_ holds the current factorization
    bool rowsPatternCurrent_ = false;      // rows_ holds the pattern and pivots of numeric_ (refactors keep them)
    int solvesSinceFactor_ = 0;
    std::vector<int> supernodeEnds_;  // complex factors: runs of columns for the refactorization (complex_supernodes.hpp)
};

using KluRealNumeric = KluNumeric<double>;
using KluComplexNumeric = KluNumeric<std::complex<double>>;

} // namespace cablespice::solver
