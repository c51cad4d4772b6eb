#include "solver/mna/klu_factorization.hpp"

#include <klu.h>

#include <cassert>
#include <string>

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

klu_common makeCommon(const KluSettings& settings) {
    klu_common common;
    klu_defaults(&common);
    common.tol = settings.pivotTolerance;
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
    static int solve(klu_symbolic* s, klu_numeric* n, int ld, int nrhs, double* b, klu_common* c) {
        return klu_solve(s, n, ld, nrhs, b, c);
    }
    static void freeNumeric(klu_numeric** n, klu_common* c) { klu_free_numeric(n, c); }
};

template <>
struct KluCalls<std::complex<double>> {
    static klu_numeric* factor(int* ap, int* ai, double* ax, klu_symbolic* s, klu_common* c) {
        return klu_z_factor(ap, ai, ax, s, c);
    }
    static int refactor(int* ap, int* ai, double* ax, klu_symbolic* s, klu_numeric* n, klu_common* c) {
        return klu_z_refactor(ap, ai, ax, s, n, c);
    }
    static int rgrowth(int* ap, int* ai, double* ax, klu_symbolic* s, klu_numeric* n, klu_common* c) {
        return klu_z_rgrowth(ap, ai, ax, s, n, c);
    }
    static int rcond(klu_symbolic* s, klu_numeric* n, klu_common* c) { return klu_z_rcond(s, n, c); }
    static int solve(klu_symbolic* s, klu_numeric* n, int ld, int nrhs, double* b, klu_common* c) {
        return klu_z_solve(s, n, ld, nrhs, b, c);
    }
    static void freeNumeric(klu_numeric** n, klu_common* c) { klu_z_free_numeric(n, c); }
};

} // namespace

KluSymbolic::KluSymbolic(const SparsePattern& pattern, KluSettings settings)
    : pattern_(pattern), settings_(settings) {
    if (pattern.size() == 0) return;
    klu_common common = makeCommon(settings_);
    symbolic_ = klu_analyze(pattern.size(), mutableInts(pattern.columnPointers()),
                            mutableInts(pattern.rowIndices()), &common);
}

KluSymbolic::~KluSymbolic() {
    if (!symbolic_) return;
    klu_common common = makeCommon(settings_);
    klu_free_symbolic(&symbolic_, &common);
}

template <class Scalar>
KluNumeric<Scalar>::KluNumeric(const KluSymbolic& symbolic)
    : symbolic_(symbolic), common_(std::make_unique<klu_common>(makeCommon(symbolic.settings()))) {}

template <class Scalar>
KluNumeric<Scalar>::~KluNumeric() {
    if (numeric_) KluCalls<Scalar>::freeNumeric(&numeric_, common_.get());
}

template <class Scalar>
Outcome<Done> KluNumeric<Scalar>::singularError() const {
    int column = common_->singular_col;
    SolveError error{SolveErrorKind::SingularMatrix, "singular matrix", -1, 0.0};
    if (column >= 0 && column < symbolic_.pattern().size()) error.unknown = column + 1;
    return error;
}

template <class Scalar>
Outcome<Done> KluNumeric<Scalar>::checkCondition() {
    KluCalls<Scalar>::rcond(symbolic_.get(), numeric_, common_.get());
    rcond_ = common_->rcond;
    if (rcond_ >= symbolic_.settings().minReciprocalCondition) return Done{};
    SolveError error{SolveErrorKind::SingularMatrix, "matrix is numerically singular", -1, 0.0};
    return error;
}

template <class Scalar>
Outcome<Done> KluNumeric<Scalar>::fullFactor(std::span<const Scalar> values) {
    if (numeric_) KluCalls<Scalar>::freeNumeric(&numeric_, common_.get());
    const auto& pattern = symbolic_.pattern();
    ++counters_.factorizations;
    numeric_ = KluCalls<Scalar>::factor(mutableInts(pattern.columnPointers()), mutableInts(pattern.rowIndices()),
                                        mutableDoubles(values), symbolic_.get(), common_.get());
    if (!numeric_) return singularError();
    return checkCondition();
}

template <class Scalar>
bool KluNumeric<Scalar>::refactorAcceptable(std::span<const Scalar> values) {
    const auto& pattern = symbolic_.pattern();
    ++counters_.refactorizations;
    int* ap = mutableInts(pattern.columnPointers());
    int* ai = mutableInts(pattern.rowIndices());
    if (!KluCalls<Scalar>::refactor(ap, ai, mutableDoubles(values), symbolic_.get(), numeric_, common_.get()))
        return false;
    if (!KluCalls<Scalar>::rgrowth(ap, ai, mutableDoubles(values), symbolic_.get(), numeric_, common_.get()))
        return false;
    return common_->rgrowth >= symbolic_.settings().minReciprocalGrowth;
}

template <class Scalar>
Outcome<Done> KluNumeric<Scalar>::factor(std::span<const Scalar> values) {
    if (symbolic_.pattern().size() == 0) return Done{};
    if (!symbolic_.get()) return SolveError{SolveErrorKind::Numerical, "symbolic analysis failed", -1, 0.0};
    if (numeric_ && refactorAcceptable(values)) {
        auto condition = checkCondition();
        if (condition) return condition;
    }
    return fullFactor(values);
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
    KluCalls<Scalar>::solve(symbolic_.get(), numeric_, n, count, doubles(rhs), common_.get());
}

template class KluNumeric<double>;
template class KluNumeric<std::complex<double>>;

} // namespace cablespice::solver
