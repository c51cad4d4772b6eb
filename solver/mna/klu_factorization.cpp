#include "solver/mna/klu_factorization.hpp"

#include "solver/mna/complex_condition_estimate.hpp"
#include "solver/mna/complex_refactor.hpp"
#include "solver/mna/complex_solve.hpp"
#include "solver/mna/complex_supernodes.hpp"
#include "solver/mna/klu_numeric_copy.hpp"
#include "solver/mna/klu_numeric_from_pattern.hpp"
#include "solver/mna/factor_work.hpp"

#include <klu.h>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <new>
#include <limits>
#include <string>
#include <type_traits>

namespace cablespice::solver {

namespace {

int* mutableInts(const std::vector<int>& v) { return const_cast<int*>(v.data()); }

double* mutableDoubles(std::span<const double> v) { return const_cast<double*>(v.data()); }
double* mutableDoubles(std::span<const std::complex<double>> v) {
    // std::complex<double> is layout-compatible with double[2] (C++ [complex.numbers]).
    return reinterpret_cast<double*>(const_cast<std::complex<double>*>(v.data()));
}
double* doubles(std::span<double> v) { return v.data(); }
double* doubles(std::span<std::complex<double>> v) { return reinterpret_cast<double*>(v.data()); }

// |re| + |im| for the norms of the accuracy checks: within a factor sqrt(2) of the modulus, and
// without hypot, which was 6 % of an AC sweep at 1e4 unknowns.
double magnitude(double v) { return std::abs(v); }
double magnitude(std::complex<double> v) { return std::abs(v.real()) + std::abs(v.imag()); }

// r -= a * x for the residuals. The complex product is written out: std::complex's operator*
// (C99 Annex G: recomputed by __muldc3 when a part is NaN) went through the stack at -O2 and
// stalled on store forwarding at every entry, ~half of the residual's time. The parts are the
// same products and sums, so finite results are bit for bit operator*'s.
void subtractProduct(double& r, double a, double x) { r -= a * x; }
void subtractProduct(std::complex<double>& r, std::complex<double> a, std::complex<double> x) {
    const double ar = a.real(), ai = a.imag(), xr = x.real(), xi = x.imag();
    r = {r.real() - (ar * xr - ai * xi), r.imag() - (ar * xi + ai * xr)};
}

klu_common makeCommon(const KluSettings& settings) {
    klu_common common;
    klu_defaults(&common);
    common.tol = settings.pivotTolerance;
    common.ordering = settings.ordering;
    common.scale = settings.scale;
    // KLU's first factorization reserves initmem_amd x AMD's fill count (1.2 by default) and
    // shrinks to what it used at the end. With diagonal pivots (the fast tolerance, the AC
    // family's static pivots) AMD's count is the factor's exact fill, so the default's 20 % is
    // never used; at 1e4 unknowns it still cost ~1.2 MB of peak memory a factor (bench/README.md).
    // Off-diagonal pivots that need more grow it by memgrow, as before.
    common.initmem_amd = 1.0;
    return common;
}

// Per-scalar dispatch to KLU's real (klu_*) or complex (klu_z_*) entry points.
template <class Scalar>
struct KluCalls;

template <>
struct KluCalls<double> {
    static klu_numeric* factor(int* ap, int* ai, double* ax, klu_symbolic* s, klu_common* c) {
        return klu_factor(ap, ai, ax, s, c);
    }
    static int refactor(int* ap, int* ai, double* ax, klu_symbolic* s, klu_numeric* n, klu_common* c) {
        return klu_refactor(ap, ai, ax, s, n, c);
    }
    static int rgrowth(int* ap, int* ai, double* ax, klu_symbolic* s, klu_numeric* n, klu_common* c) {
        return klu_rgrowth(ap, ai, ax, s, n, c);
    }
    static int rcond(klu_symbolic* s, klu_numeric* n, klu_common* c) { return klu_rcond(s, n, c); }
    static int condest(int* ap, double* ax, klu_symbolic* s, klu_numeric* n, klu_common* c) {
        return klu_condest(ap, ax, s, n, c);
    }
    static int solve(klu_symbolic* s, klu_numeric* n, int ld, int nrhs, double* b, klu_common* c) {
        return klu_solve(s, n, ld, nrhs, b, c);
    }
    static int tsolve(klu_symbolic* s, klu_numeric* n, int ld, int nrhs, double* b, klu_common* c) {
        return klu_tsolve(s, n, ld, nrhs, b, c);
    }
    static void freeNumeric(klu_numeric** n, klu_common* c) { klu_free_numeric(n, c); }
};

template <>
struct KluCalls<std::complex<double>> {
    // The factor's columns sorted by row, which the refactorization's runs of columns need
    // (complex_supernodes.hpp); the solves do not depend on the order.
    static klu_numeric* factor(int* ap, int* ai, double* ax, klu_symbolic* s, klu_common* c) {
        klu_numeric* n = klu_z_factor(ap, ai, ax, s, c);
        if (n) sortFactorByRow(*s, *n);
        return n;
    }
    // KLU's refactorization on packed complex pairs, by runs of columns (complex_refactor.hpp).
    static int refactor(int* ap, int* ai, double* ax, klu_symbolic* s, klu_numeric* n, klu_common* c,
                        const int* supernodeEnd) {
        return refactorComplex(ap, ai, ax, s, n, c, supernodeEnd);
    }
    // The refactorization with the solve of one right-hand side in the same pass (complex_refactor.hpp).
    static int refactorSolve(int* ap, int* ai, double* ax, klu_symbolic* s, klu_numeric* n, klu_common* c, double* b,
                             double* b2, const int* supernodeEnd) {
        return b2 ? refactorSolveComplexPair(ap, ai, ax, s, n, c, b, b2, supernodeEnd)
                  : refactorSolveComplex(ap, ai, ax, s, n, c, b, supernodeEnd);
    }
    static int rgrowth(int* ap, int* ai, double* ax, klu_symbolic* s, klu_numeric* n, klu_common* c) {
        return klu_z_rgrowth(ap, ai, ax, s, n, c);
    }
    static int rcond(klu_symbolic* s, klu_numeric* n, klu_common* c) { return klu_z_rcond(s, n, c); }
    // klu_z_condest on the packed solves below (complex_condition_estimate.hpp).
    static int condest(int* ap, double* ax, klu_symbolic* s, klu_numeric* n, klu_common* c) {
        return conditionEstimateComplex(ap, ax, s, n, c);
    }
    // KLU's solve on packed complex pairs (complex_solve.hpp).
    static int solve(klu_symbolic* s, klu_numeric* n, int ld, int nrhs, double* b, klu_common* c) {
        return solveComplex(s, n, ld, nrhs, b, c);
    }
    // KLU's transposed solve on packed pairs, plain transpose: adjoint analyses need A^T y = e,
    // not A^H y = e.
    static int tsolve(klu_symbolic* s, klu_numeric* n, int ld, int nrhs, double* b, klu_common* c) {
        return solveComplexTransposed(s, n, ld, nrhs, b, false, c);
    }
    static void freeNumeric(klu_numeric** n, klu_common* c) { klu_z_free_numeric(n, c); }
};

} // namespace

KluSymbolic::KluSymbolic(const SparsePattern& pattern, KluSettings settings)
    : pattern_(pattern), settings_(settings) {
    if (pattern.size() == 0) return;
    if (!analyzeAsTwoDomains()) {
        klu_common common = makeCommon(settings_);
        symbolic_ = klu_analyze(pattern.size(), mutableInts(pattern.columnPointers()),
                                mutableInts(pattern.rowIndices()), &common);
    }
    if (settings_.analyzeStaticPivots) staticPivots();
}

const StaticPivotPattern* KluSymbolic::staticPivots() const {
    std::call_once(staticPivotsOnce_, [this] {
        if (symbolic_) staticPivots_ = staticPivotPattern(pattern_, *symbolic_);
    });
    return staticPivots_ ? &*staticPivots_ : nullptr;
}

// KLU takes the ordering as given (klu_analyze_given), without BTF: BTF would reorder the
// blocks it finds and mix the domains.
bool KluSymbolic::analyzeAsTwoDomains() {
    const int threshold = settings_.splitMinUnknowns;
    if (threshold <= 0 || pattern_.size() < threshold || settings_.ordering != 0) return false;
    auto ordering = twoDomainOrdering(pattern_);
    if (!ordering) return false;
    klu_common common = makeCommon(settings_);
    common.btf = 0;
    symbolic_ = klu_analyze_given(pattern_.size(), mutableInts(pattern_.columnPointers()),
                                  mutableInts(pattern_.rowIndices()), ordering->permutation.data(),
                                  ordering->permutation.data(), &common);
    if (!symbolic_) return false;
    // klu_analyze_given leaves the fill estimate empty: klu_factor would then reserve 10x the
    // matrix's entries for L and U and write its count into this shared analysis at the end of
    // the first factorization, from every thread factoring at once. CAMD's count is what
    // klu_analyze records for AMD: nonzeros of L with its diagonal, U's taken as the same.
    if (symbolic_->nblocks == 1) {
        const double estimate = ordering->strictLowerNonzeros + pattern_.size();
        symbolic_->Lnz[0] = estimate;
        symbolic_->lnz = symbolic_->unz = estimate;
    }
    split_ = ordering->split;
    return true;
}

KluSymbolic::~KluSymbolic() {
    if (!symbolic_) return;
    klu_common common = makeCommon(settings_);
    klu_free_symbolic(&symbolic_, &common);
}

template <class Scalar>
KluNumeric<Scalar>::KluNumeric(const KluSymbolic& symbolic) : KluNumeric(symbolic, symbolic.settings()) {}

template <class Scalar>
KluNumeric<Scalar>::KluNumeric(const KluSymbolic& symbolic, const KluSettings& settings)
    : symbolic_(symbolic), settings_(settings), common_(std::make_unique<klu_common>(makeCommon(settings))) {}

template <class Scalar>
KluNumeric<Scalar>::~KluNumeric() {
    if (numeric_) KluCalls<Scalar>::freeNumeric(&numeric_, common_.get());
}

template <class Scalar>
double KluNumeric<Scalar>::refactorMultiplyAdds() const {
    return numeric_ ? solver::refactorMultiplyAdds(*symbolic_.get(), *numeric_, sizeof(Scalar)) : 0.0;
}

template <class Scalar>
Outcome<Done> KluNumeric<Scalar>::singularError() const {
    int column = common_->singular_col;
    SolveError error{SolveErrorKind::SingularMatrix, "singular matrix", -1, 0.0};
    if (column >= 0 && column < symbolic_.pattern().size()) error.unknown = column + 1;
    return error;
}

// klu_rcond (smallest over largest pivot magnitude) is a free screen, but it only bounds the
// condition number from below: with deliberately small pivots (fast tolerance) it can read 1e-18
// on a matrix whose condition number is 3e7 (the 1e4-unknown harness's AC matrix at 10 Hz,
// bench/README.md). A low screen is therefore confirmed by klu_condest, Hager's 1-norm estimate,
// which costs a few solves and does not depend on the pivot sequence.
//
// A refactorization keeps its pivot order, and a screen at least as high as one klu_condest
// already confirmed for that order is accepted without a new estimate. The screen depends on
// the pivot order and the unknowns' units, not only on the matrix: on the 1e5-unknown harness,
// with the static pivots chosen at 10 Hz, it reads 4e-21 at 10 Hz and grows as w^2 up to 1e-17
// near 500 Hz, while klu_condest gives the same 2.9e8 at every one of those frequencies; each
// estimate costs ~10 solves, and 34 of them were a fifth of that sweep (10.0 -> 8.1 s,
// bench/README.md). Read this way the screen asks "are these pivots any smaller than pivots
// that were fine?", the question it can answer, and klu_condest decides whenever they are.
template <class Scalar>
Outcome<Done> KluNumeric<Scalar>::checkCondition() {
    KluCalls<Scalar>::rcond(symbolic_.get(), numeric_, common_.get());
    rcond_ = common_->rcond;
    if (rcond_ >= settings_.minReciprocalCondition) return Done{};
    if (rcond_ >= confirmedScreen_) return Done{};
    const double screen = rcond_;
    ++counters_.conditionEstimates;
    if (conditionEstimateAcceptable()) {
        confirmedScreen_ = screen;
        return Done{};
    }
    return numericallySingular();
}

template <class Scalar>
Outcome<Done> KluNumeric<Scalar>::numericallySingular() const {
    return SolveError{SolveErrorKind::SingularMatrix, "matrix is numerically singular", -1, 0.0};
}

template <class Scalar>
bool KluNumeric<Scalar>::conditionEstimateAcceptable() {
    if (!values_.data()) return false;
    const auto& pattern = symbolic_.pattern();
    if (!KluCalls<Scalar>::condest(mutableInts(pattern.columnPointers()), mutableDoubles(values_), symbolic_.get(),
                                   numeric_, common_.get()))
        return false;
    const double condition = common_->condest;
    if (!std::isfinite(condition) || condition <= 0.0) return false;
    rcond_ = 1.0 / condition;
    return rcond_ >= settings_.minReciprocalCondition;
}

template <class Scalar>
Outcome<Done> KluNumeric<Scalar>::factorWithTolerance(std::span<const Scalar> values, double tolerance) {
    if (auto factored = factorOnly(values, tolerance); !factored) return factored;
    return checkCondition();
}

// klu_factor at this pivot tolerance, the factor laid out for the refactorization; no checks.
template <class Scalar>
Outcome<Done> KluNumeric<Scalar>::factorOnly(std::span<const Scalar> values, double tolerance) {
    dropFactorization(values);
    const auto& pattern = symbolic_.pattern();
    common_->tol = tolerance;
    numeric_ = KluCalls<Scalar>::factor(mutableInts(pattern.columnPointers()), mutableInts(pattern.rowIndices()),
                                        mutableDoubles(values), symbolic_.get(), common_.get());
    if (!numeric_) return singularError();
    if constexpr (std::is_same_v<Scalar, std::complex<double>>) supernodeEnds_ = supernodeEnds(*symbolic_.get(), *numeric_);
    return Done{};
}

// Frees the current factors before a new pivot order for `values` takes their place.
template <class Scalar>
void KluNumeric<Scalar>::dropFactorization(std::span<const Scalar> values) {
    if (numeric_) KluCalls<Scalar>::freeNumeric(&numeric_, common_.get());
    rowsPatternCurrent_ = false;
    confirmedScreen_ = kNoConfirmedScreen;
    rememberValues(values);
}

template <class Scalar>
Outcome<Done> KluNumeric<Scalar>::fullFactor(std::span<const Scalar> values) {
    if (auto factored = factorUnchecked(values); !factored) return factored;
    return settle(checksOf(FreshCheckShare{}));
}

// The static pivots first when the settings ask for them, then KLU's search (each kept only
// when every check passes, see settle()).
template <class Scalar>
Outcome<Done> KluNumeric<Scalar>::factorUnchecked(std::span<const Scalar> values) {
    ++counters_.factorizations;
    onStaticPivots_ = false;
    if (settings_.staticPivots && !staticRejected_) {
        if (factorOnStaticPivots(values)) {
            onStaticPivots_ = fast_ = true;
            return Done{};
        }
        ++counters_.staticFallbacks;
        staticRejected_ = true;
    }
    return factorSearchingPivots(values);
}

// KLU's pivot search: at the small tolerance unless it was rejected before or finds a zero
// pivot, else at the default one.
template <class Scalar>
Outcome<Done> KluNumeric<Scalar>::factorSearchingPivots(std::span<const Scalar> values) {
    fast_ = settings_.fastPivotTolerance > 0.0 && !fastRejected_;
    if (fast_) {
        if (auto fast = factorOnly(values, settings_.fastPivotTolerance)) return fast;
        ++counters_.fastFallbacks;
        fastRejected_ = true;
        fast_ = false;
    }
    return factorOnly(values, settings_.pivotTolerance);
}

// The factors of the analysis's static pivots (KluSymbolic::staticPivots()) by a
// refactorization on their pattern, no checks; false (no factorization) when there is no such
// pattern or a pivot is exactly zero.
template <class Scalar>
bool KluNumeric<Scalar>::factorOnStaticPivots(std::span<const Scalar> values) {
    if constexpr (!std::is_same_v<Scalar, std::complex<double>>) {
        return false;  // the real families keep KLU's pivot search (see KluSettings::staticPivots)
    } else {
        const StaticPivotPattern* pattern = symbolic_.staticPivots();
        if (!pattern || !pattern->holdsFor(values.data())) return false;
        dropFactorization(values);
        numeric_ = kluNumericFromPattern(*pattern, *symbolic_.get(), sizeof(Scalar), *common_);
        if (!numeric_) throw std::bad_alloc();
        supernodeEnds_ = supernodeEnds(*symbolic_.get(), *numeric_);
        const auto& matrix = symbolic_.pattern();
        if (KluCalls<Scalar>::refactor(mutableInts(matrix.columnPointers()), mutableInts(matrix.rowIndices()),
                                       mutableDoubles(values), symbolic_.get(), numeric_, common_.get(),
                                       supernodeEnds_.data()))
            return true;
        KluCalls<Scalar>::freeNumeric(&numeric_, common_.get());
        return false;
    }
}

// The backward-error check solves as this factorization will (fast_: with refinement).
template <class Scalar>
FreshFactorChecks KluNumeric<Scalar>::checksOf(const FreshCheckShare& share) {
    FreshFactorChecks checks;
    if (share.condition) {
        const bool acceptable = checkCondition().ok();
        checks.condition = FreshFactorChecks::Condition{acceptable, rcond_, confirmedScreen_};
    }
    if (fast_ && share.growth) checks.growthAcceptable = growthAcceptable(values_);
    if (fast_ && share.backwardError) checks.backwardErrorAcceptable = backwardErrorAcceptable(values_);
    return checks;
}

// Fast pivots stand when every check passes; otherwise the default tolerance, from now on
// (fastRejected_), with its own condition check.
template <class Scalar>
Outcome<Done> KluNumeric<Scalar>::settle(const FreshFactorChecks& checks) {
    assert(checks.condition && (!fast_ || (checks.growthAcceptable && checks.backwardErrorAcceptable)) &&
           "settle() needs every check that applies");
    rcond_ = checks.condition->reciprocal;
    confirmedScreen_ = checks.condition->confirmedScreen;
    if (!fast_) return checks.condition->acceptable ? Outcome<Done>(Done{}) : numericallySingular();
    if (checks.condition->acceptable && *checks.growthAcceptable && *checks.backwardErrorAcceptable) return Done{};
    if (onStaticPivots_) return settleAfterStaticRejected();
    ++counters_.fastFallbacks;
    fastRejected_ = true;
    fast_ = false;
    return factorWithTolerance(values_, settings_.pivotTolerance);
}

// The static pivots failed a check: KLU's search, with every check of its own, as a
// factorization without them goes.
template <class Scalar>
Outcome<Done> KluNumeric<Scalar>::settleAfterStaticRejected() {
    ++counters_.staticFallbacks;
    staticRejected_ = true;
    onStaticPivots_ = false;
    if (auto factored = factorSearchingPivots(values_); !factored) return factored;
    return settle(checksOf(FreshCheckShare{}));
}

template <class Scalar>
Outcome<Done> KluNumeric<Scalar>::factorFresh(std::span<const Scalar> values) {
    if (auto factored = factorFreshUnchecked(values); !factored) return factored;
    return settleFresh(checkFresh(FreshCheckShare{}));
}

template <class Scalar>
Outcome<Done> KluNumeric<Scalar>::factorFreshUnchecked(std::span<const Scalar> values) {
    if (symbolic_.pattern().size() == 0) return Done{};
    if (!symbolic_.get()) return SolveError{SolveErrorKind::Numerical, "symbolic analysis failed", -1, 0.0};
    fastRejected_ = false;
    staticRejected_ = false;
    auto factored = factorUnchecked(values);
    if (!factored) return afterFactor(factored);
    return factored;
}

template <class Scalar>
Outcome<Done> KluNumeric<Scalar>::copyFreshUnchecked(const KluNumeric& other, std::span<const Scalar> values) {
    assert(&other.symbolic_ == &symbolic_ && "a copy needs the same symbolic analysis");
    if (symbolic_.pattern().size() == 0 || !other.numeric_) return factorFreshUnchecked(values);
    dropFactorization(values);
    fast_ = other.fast_;
    fastRejected_ = other.fastRejected_;
    onStaticPivots_ = other.onStaticPivots_;
    staticRejected_ = other.staticRejected_;
    common_->tol = other.common_->tol;
    numeric_ = copyKluNumeric(*other.numeric_, sizeof(Scalar), *common_);
    if (!numeric_) throw std::bad_alloc();
    supernodeEnds_ = other.supernodeEnds_;
    return Done{};
}

template <class Scalar>
FreshFactorChecks KluNumeric<Scalar>::checkFresh(const FreshCheckShare& share) {
    if (symbolic_.pattern().size() == 0) return {};
    return checksOf(share);
}

template <class Scalar>
Outcome<Done> KluNumeric<Scalar>::settleFresh(const FreshFactorChecks& checks) {
    if (symbolic_.pattern().size() == 0) return Done{};
    return afterFactor(settle(checks));
}

template <class Scalar>
bool KluNumeric<Scalar>::refactorIfAccurate(std::span<const Scalar> values) {
    if (symbolic_.pattern().size() == 0) return true;
    assert(numeric_ && "refactorIfAccurate() needs a full factorization first");
    // With checkEachSolve the backward error is measured on the caller's own solves instead.
    const bool accurate = refactorAcceptable(values) && checkCondition() &&
                          (settings_.checkEachSolve || backwardErrorAcceptable(values));
    if (!accurate) ++counters_.rejectedRefactorizations;
    afterFactor(Done{});
    return accurate;
}

template <class Scalar>
bool KluNumeric<Scalar>::growthAcceptable(std::span<const Scalar> values) {
    const auto& pattern = symbolic_.pattern();
    return KluCalls<Scalar>::rgrowth(mutableInts(pattern.columnPointers()), mutableInts(pattern.rowIndices()),
                                     mutableDoubles(values), symbolic_.get(), numeric_, common_.get()) &&
           common_->rgrowth >= settings_.minReciprocalGrowth;
}

// Accuracy check of a fast-pivoting factorization (after its pivot growth): the normwise
// backward error of one solve (refined as solve() refines), ||b - A x|| / (||A|| ||x|| + ||b||)
// (infinity norms), with b = A x0 for a fixed x0. Partial pivoting at the default tolerance
// gives ~1e-17 here on cable harnesses; a poor pivot sequence shows up as many orders of
// magnitude more.
template <class Scalar>
bool KluNumeric<Scalar>::backwardErrorAcceptable(std::span<const Scalar> values) {
    const auto& pattern = symbolic_.pattern();
    const std::size_t n = static_cast<std::size_t>(pattern.size());
    check_.resize(3 * n);
    auto x0 = std::span<Scalar>(check_).first(n);
    auto b = std::span<Scalar>(check_).subspan(n, n);
    auto x = std::span<Scalar>(check_).subspan(2 * n, n);
    for (std::size_t i = 0; i < n; ++i) {
        x0[i] = Scalar(1.0 + 0.5 * static_cast<double>((i * 7919u) % 101u) / 101.0);
        b[i] = Scalar(0.0);
    }
    const auto& cp = pattern.columnPointers();
    const auto& ri = pattern.rowIndices();
    for (std::size_t j = 0; j < n; ++j)
        for (int k = cp[j]; k < cp[j + 1]; ++k)
            b[static_cast<std::size_t>(ri[static_cast<std::size_t>(k)])] += values[static_cast<std::size_t>(k)] * x0[j];
    std::copy(b.begin(), b.end(), x.begin());
    solveColumn(x);
    return residualOf(b, x, x0) <= settings_.maxBackwardError;  // x0 is no longer needed: the residual goes there
}

template <class Scalar>
bool KluNumeric<Scalar>::refactorAcceptable(std::span<const Scalar> values, std::span<Scalar> rhs,
                                            std::span<Scalar> second) {
    const auto& pattern = symbolic_.pattern();
    ++counters_.refactorizations;
    rememberValues(values);
    // Factors on the static pattern are those of matrices with its zeros only.
    if (onStaticPivots_ && !symbolic_.staticPivots()->holdsFor(values.data())) return false;
    int* ap = mutableInts(pattern.columnPointers());
    int* ai = mutableInts(pattern.rowIndices());
    double* ax = mutableDoubles(values);
    int ok = 0;
    if constexpr (std::is_same_v<Scalar, std::complex<double>>) {
        const int* ends = supernodeEnds_.empty() ? nullptr : supernodeEnds_.data();
        ok = rhs.empty() ? KluCalls<Scalar>::refactor(ap, ai, ax, symbolic_.get(), numeric_, common_.get(), ends)
                         : KluCalls<Scalar>::refactorSolve(ap, ai, ax, symbolic_.get(), numeric_, common_.get(),
                                                           doubles(rhs), second.empty() ? nullptr : doubles(second),
                                                           ends);
    } else {
        assert(rhs.empty() && second.empty() && "the real refactorization solves separately (its row-oriented copy)");
        ok = KluCalls<Scalar>::refactor(ap, ai, ax, symbolic_.get(), numeric_, common_.get());
    }
    return ok && (!settings_.checkRefactorGrowth || growthAcceptable(values));
}

// refactorIfAccurate() and solve(rhs) with the first solve inside the refactorization. Real
// factors stay two steps (their solves may use the row-oriented copy), and so does a
// refactorization whose acceptance makes its own test solve (without checkEachSolve).
template <class Scalar>
bool KluNumeric<Scalar>::refactorSolvingIfAccurate(std::span<const Scalar> values, std::span<Scalar> rhs,
                                                   std::span<Scalar> second) {
    const int n = symbolic_.pattern().size();
    if (n == 0) return true;
    assert(numeric_ && "refactorSolvingIfAccurate() needs a full factorization first");
    if (std::is_same_v<Scalar, double> || !settings_.checkEachSolve) {
        if (!refactorIfAccurate(values)) return false;
        solve(rhs);
        if (!second.empty()) solve(second);
        return true;
    }
    const bool refine = refining();
    if (refine) {
        keepForRefinement(rhs);
        secondRhs_.assign(second.begin(), second.end());
    }
    const bool accurate = refactorAcceptable(values, rhs, second) && checkCondition();
    if (!accurate) ++counters_.rejectedRefactorizations;
    afterFactor(Done{});
    if (!accurate) return false;
    counters_.solves += second.empty() ? 1 : 2;
    if (refine) {
        refineSolution(rhs);
        checkLastSolve();
        if (!second.empty()) {
            refineSolution(second, secondRhs_);
            checkLastSolve();
        }
    }
    return true;
}

// The row-oriented copy is made lazily, on the (rowSolveAfterSolves + 1)-th solve.
template <class Scalar>
Outcome<Done> KluNumeric<Scalar>::afterFactor(Outcome<Done> result) {
    solvesInaccurate_ = false;
    rowsCurrent_ = false;
    solvesSinceFactor_ = 0;
    rowsWanted_ = false;
    if constexpr (std::is_same_v<Scalar, double>) {
        const int threshold = settings_.rowSolveMinEntries;
        rowsWanted_ = result && threshold > 0 && factorEntries() >= threshold;
        if (rowsWanted_ && settings_.rowSolveAfterSolves <= 0) prepareRowSolve();
    }
    return result;
}

// A copy of the same numeric object's pattern needs only the new values (refresh).
template <class Scalar>
void KluNumeric<Scalar>::prepareRowSolve() {
    if (!rows_) rows_ = std::make_unique<RowOrientedLu>();
    if (rowsPatternCurrent_) {
        rows_->refresh(symbolic_.get(), numeric_, common_.get());
    } else {
        const int threads = factorEntries() >= settings_.parallelSolveMinEntries ? settings_.solveThreads : 1;
        rows_->rebuild(symbolic_.get(), numeric_, common_.get(), symbolic_.split(), threads);
        rowsPatternCurrent_ = true;
    }
    rowsCurrent_ = true;
}

template <class Scalar>
void KluNumeric<Scalar>::releaseRowCopy() {
    rows_.reset();
    rowsCurrent_ = false;
    rowsPatternCurrent_ = false;
    solvesSinceFactor_ = 0;
}

template <class Scalar>
Outcome<Done> KluNumeric<Scalar>::factor(std::span<const Scalar> values) {
    if (symbolic_.pattern().size() == 0) return Done{};
    if (!symbolic_.get()) return SolveError{SolveErrorKind::Numerical, "symbolic analysis failed", -1, 0.0};
    if (numeric_ && refactorAcceptable(values)) {
        auto condition = checkCondition();
        // Fast pivots were chosen for other values: check them again for these (the growth
        // is checked already).
        if (condition && (!fast_ || backwardErrorAcceptable(values))) return afterFactor(condition);
    }
    if (numeric_) ++counters_.rejectedRefactorizations;
    return afterFactor(fullFactor(values));
}

template <class Scalar>
void KluNumeric<Scalar>::solve(std::span<Scalar> rhs) {
    solveMany(rhs, 1);
}

template <class Scalar>
void KluNumeric<Scalar>::solveMany(std::span<Scalar> rhs, int count) {
    int n = symbolic_.pattern().size();
    if (n == 0) return;
    assert(numeric_ && "solve() requires a successful factor()");
    if (!numeric_) return;
    ++counters_.solves;
    if constexpr (std::is_same_v<Scalar, double>) {
        if (rowsWanted_ && !rowsCurrent_ && ++solvesSinceFactor_ > settings_.rowSolveAfterSolves) prepareRowSolve();
        if (rowsCurrent_) {
            if (rows_->usesTwoThreads()) counters_.parallelSolves += count;
            const auto size = static_cast<std::size_t>(n);
            for (int k = 0; k < count; ++k) rows_->solve(rhs.subspan(static_cast<std::size_t>(k) * size, size));
            return;
        }
    }
    if (!refining()) {
        KluCalls<Scalar>::solve(symbolic_.get(), numeric_, n, count, doubles(rhs), common_.get());
        return;
    }
    const auto size = static_cast<std::size_t>(n);
    for (int k = 0; k < count; ++k) {
        solveColumn(rhs.subspan(static_cast<std::size_t>(k) * size, size));
        checkLastSolve();
    }
}

// The row-oriented copy serves A x = b only; A^T y = e goes through KLU's transposed solve
// on the same factors, refined like solveColumn() when the factorization used static pivots.
template <class Scalar>
void KluNumeric<Scalar>::solveTransposed(std::span<Scalar> rhs) {
    const int n = symbolic_.pattern().size();
    if (n == 0) return;
    assert(numeric_ && "solveTransposed() requires a successful factor()");
    if (!numeric_) return;
    ++counters_.solves;
    if (!refining()) {
        KluCalls<Scalar>::tsolve(symbolic_.get(), numeric_, n, 1, doubles(rhs), common_.get());
        return;
    }
    const auto size = static_cast<std::size_t>(n);
    keepForRefinement(rhs);
    const auto b = std::span<const Scalar>(refine_).first(size);
    const auto residual = std::span<Scalar>(refine_).subspan(size, size);
    KluCalls<Scalar>::tsolve(symbolic_.get(), numeric_, n, 1, doubles(rhs), common_.get());
    lastBackwardError_ = transposedResidualOf(b, rhs, residual);
    for (int step = 0; step < settings_.refinementSteps && lastBackwardError_ > settings_.refinementTarget; ++step) {
        KluCalls<Scalar>::tsolve(symbolic_.get(), numeric_, n, 1, doubles(residual), common_.get());
        for (std::size_t i = 0; i < size; ++i) rhs[i] += residual[i];
        lastBackwardError_ = transposedResidualOf(b, rhs, residual);
    }
    checkLastSolve();
}

// With checkEachSolve, a solve whose backward error misses the bound (or is NaN) marks the
// factorization's solves inaccurate, once per factorization.
template <class Scalar>
void KluNumeric<Scalar>::checkLastSolve() {
    if (!settings_.checkEachSolve || lastBackwardError_ <= settings_.maxBackwardError || solvesInaccurate_) return;
    solvesInaccurate_ = true;
    ++counters_.rejectedRefactorizations;
}

template <class Scalar>
bool KluNumeric<Scalar>::refining() const {
    return fast_ && (settings_.refinementSteps > 0 || settings_.checkEachSolve) && values_.data() != nullptr;
}

// x = A^-1 b by the factors, then up to refinementSteps of x += A^-1 (b - A x) with A the values
// of the last factor/refactor, each only while the normwise backward error of x is above
// refinementTarget: static pivots leave up to ~3e-9 on the AC matrix of a cable harness at
// 0.1 Hz and one step brings it to ~1e-16, as partial pivoting has (bench/README.md), while
// above ~1 kHz the first solve is already there and the step's solve is saved.
template <class Scalar>
void KluNumeric<Scalar>::solveColumn(std::span<Scalar> x) {
    const int n = symbolic_.pattern().size();
    if (!refining()) {
        KluCalls<Scalar>::solve(symbolic_.get(), numeric_, n, 1, doubles(x), common_.get());
        return;
    }
    keepForRefinement(x);
    KluCalls<Scalar>::solve(symbolic_.get(), numeric_, n, 1, doubles(x), common_.get());
    refineSolution(x);
}

// The right-hand side b about to be solved, in the first half of the refinement workspace (the
// second half takes the residuals).
template <class Scalar>
void KluNumeric<Scalar>::keepForRefinement(std::span<const Scalar> b) {
    refine_.resize(2 * b.size());
    std::copy(b.begin(), b.end(), refine_.begin());
}

// x, solved from the kept b, refined as solveColumn() describes; its backward error in
// lastBackwardError_.
template <class Scalar>
void KluNumeric<Scalar>::refineSolution(std::span<Scalar> x) {
    refineSolution(x, std::span<const Scalar>(refine_).first(x.size()));
}

// x, solved from b (kept apart from x), refined likewise; the second half of the refinement
// workspace (sized by keepForRefinement) takes the residuals.
template <class Scalar>
void KluNumeric<Scalar>::refineSolution(std::span<Scalar> x, std::span<const Scalar> b) {
    const int n = symbolic_.pattern().size();
    const auto residual = std::span<Scalar>(refine_).subspan(x.size(), x.size());
    lastBackwardError_ = residualOf(b, x, residual);
    for (int step = 0; step < settings_.refinementSteps && lastBackwardError_ > settings_.refinementTarget; ++step) {
        KluCalls<Scalar>::solve(symbolic_.get(), numeric_, n, 1, doubles(residual), common_.get());
        for (std::size_t i = 0; i < x.size(); ++i) x[i] += residual[i];
        // The last step's result is measured only when the caller relies on it (checkEachSolve).
        const bool last = step + 1 == settings_.refinementSteps;
        if (!last || settings_.checkEachSolve) lastBackwardError_ = residualOf(b, x, residual);
    }
}

// residual = b - A x; returns ||r|| / (||A|| ||x|| + ||b||) in infinity norms. ||A|| (the largest
// row sum of |A|) is summed in the same pass the first time these values need it, not in a pass
// of its own (an AC frequency is one refactorization and one solve: ~5 % less residual time at
// 1e5 unknowns, where A no longer fits in cache).
template <class Scalar>
double KluNumeric<Scalar>::residualOf(std::span<const Scalar> b, std::span<const Scalar> x, std::span<Scalar> residual) {
    const auto& cp = symbolic_.pattern().columnPointers();
    const auto& ri = symbolic_.pattern().rowIndices();
    std::copy(b.begin(), b.end(), residual.begin());
    double xNorm = 0.0;
    const bool sumRows = !rowNormCurrent_;
    if (sumRows) rowNorm_.assign(x.size(), 0.0);
    for (std::size_t j = 0; j < x.size(); ++j) {
        const Scalar xj = x[j];
        xNorm = std::max(xNorm, magnitude(xj));
        for (int k = cp[j]; k < cp[j + 1]; ++k) {
            const auto row = static_cast<std::size_t>(ri[static_cast<std::size_t>(k)]);
            const Scalar a = values_[static_cast<std::size_t>(k)];
            subtractProduct(residual[row], a, xj);
            if (sumRows) rowNorm_[row] += magnitude(a);
        }
    }
    if (sumRows) {
        valuesNorm_ = rowNorm_.empty() ? 0.0 : *std::max_element(rowNorm_.begin(), rowNorm_.end());
        rowNormCurrent_ = true;
    }
    double rNorm = 0.0, bNorm = 0.0;
    for (std::size_t i = 0; i < b.size(); ++i) {
        rNorm = std::max(rNorm, magnitude(residual[i]));
        bNorm = std::max(bNorm, magnitude(b[i]));
    }
    const double scale = valuesNorm_ * xNorm + bNorm;
    if (!std::isfinite(rNorm) || !std::isfinite(scale)) return std::numeric_limits<double>::infinity();
    return scale > 0.0 ? rNorm / scale : 0.0;
}

// residual = b - A^T y; returns ||r|| / (||A^T|| ||y|| + ||b||) in infinity norms, ||A^T|| (the
// largest column sum of |A|) summed in the same pass the first time these values need it.
template <class Scalar>
double KluNumeric<Scalar>::transposedResidualOf(std::span<const Scalar> b, std::span<const Scalar> y, std::span<Scalar> residual) {
    const auto& cp = symbolic_.pattern().columnPointers();
    const auto& ri = symbolic_.pattern().rowIndices();
    double yNorm = 0.0, rNorm = 0.0, bNorm = 0.0, columnNorm = 0.0;
    for (std::size_t i = 0; i < y.size(); ++i) yNorm = std::max(yNorm, magnitude(y[i]));
    for (std::size_t j = 0; j < y.size(); ++j) {
        Scalar r = b[j];
        double columnSum = 0.0;
        for (int k = cp[j]; k < cp[j + 1]; ++k) {
            const Scalar a = values_[static_cast<std::size_t>(k)];
            subtractProduct(r, a, y[static_cast<std::size_t>(ri[static_cast<std::size_t>(k)])]);
            columnSum += magnitude(a);
        }
        columnNorm = std::max(columnNorm, columnSum);
        residual[j] = r;
        rNorm = std::max(rNorm, magnitude(r));
        bNorm = std::max(bNorm, magnitude(b[j]));
    }
    if (!columnNormCurrent_) {
        valuesColumnNorm_ = columnNorm;
        columnNormCurrent_ = true;
    }
    const double scale = valuesColumnNorm_ * yNorm + bNorm;
    if (!std::isfinite(rNorm) || !std::isfinite(scale)) return std::numeric_limits<double>::infinity();
    return scale > 0.0 ? rNorm / scale : 0.0;
}

// The values just factored; their norms are summed when a residual first needs them, not at
// every refactorization: a Newton iteration's refactor of a small matrix would otherwise spend
// as long on them as on the refactor.
template <class Scalar>
void KluNumeric<Scalar>::rememberValues(std::span<const Scalar> values) {
    values_ = values;
    rowNormCurrent_ = false;
    columnNormCurrent_ = false;
}

template class KluNumeric<double>;
template class KluNumeric<std::complex<double>>;

} // namespace cablespice::solver
