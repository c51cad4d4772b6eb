#include "solver/mna/complex_solve.hpp"

#include "solver/mna/klu_complex_layout.hpp"

namespace cablespice::solver {

namespace {

using namespace klu_layout;

// L x = x in place for one diagonal block (unit diagonal, not stored): KLU_lsolve.
void lowerSolve(Unit* lu, const int* lip, const int* llen, int nk, Entry* x) {
    for (int k = 0; k < nk; ++k) {
        subtractColumnTimes(x, columnOf(lu, lip, llen, k), x[k]);
    }
}

// U x = x in place for one diagonal block, backwards: KLU_usolve.
void upperSolve(Unit* lu, const int* uip, const int* ulen, const Entry* udiag, int nk, Entry* x) {
    for (int k = nk - 1; k >= 0; --k) {
        x[k] = divided(x[k], udiag[k]);
        subtractColumnTimes(x, columnOf(lu, uip, ulen, k), x[k]);
    }
}

// X = P (R \ b): the right-hand side in pivot order, each row divided by its scale factor
// (rs[k] that of pivot row k; null: unscaled).
void permuteScaled(const int* pnum, const double* rs, const Entry* b, int n, Entry* x) {
    for (int k = 0; k < n; ++k) {
        const Entry e = b[pnum[k]];
        x[k] = rs ? Entry{e.re / rs[k], e.im / rs[k]} : e;
    }
}

// One right-hand side b (n entries, the input's order), overwritten with the solution.
void solveOne(const klu_symbolic& symbolic, const klu_numeric& numeric, Entry* b) {
    const int n = symbolic.n;
    const int *Q = symbolic.Q, *R = symbolic.R, *Pnum = numeric.Pnum;
    const int *Offp = numeric.Offp, *Offi = numeric.Offi;
    auto* Offx = static_cast<Entry*>(numeric.Offx);
    const auto* Udiag = static_cast<const Entry*>(numeric.Udiag);
    auto** blocks = reinterpret_cast<Unit**>(numeric.LUbx);
    const double* Rs = numeric.Rs;
    auto* X = static_cast<Entry*>(numeric.Xwork);
    // The scale factors are kept in pivot order.
    permuteScaled(Pnum, Rs, b, n, X);
    // Block upper triangular: the last block first, each one's solution then leaving the
    // off-diagonal part of its columns in the blocks above.
    for (int block = symbolic.nblocks - 1; block >= 0; --block) {
        const int k1 = R[block], k2 = R[block + 1], nk = k2 - k1;
        if (nk == 1) {
            X[k1] = divided(X[k1], Udiag[k1]);
        } else {
            lowerSolve(blocks[block], numeric.Lip + k1, numeric.Llen + k1, nk, X + k1);
            upperSolve(blocks[block], numeric.Uip + k1, numeric.Ulen + k1, Udiag + k1, nk, X + k1);
        }
        if (block > 0) subtractOffDiagonal(Offp, Offi, Offx, k1, k2, X);
    }
    for (int k = 0; k < n; ++k) b[Q[k]] = X[k];
}

// c - v * x as KLU's MULT_SUB (c, v, x), or c - x * conj(v) as its MULT_SUB_CONJ (c, x, v),
// each part's two products rounded and then added, as KLU's expressions are.
template <bool Conjugate>
Entry subtractProduct(Entry c, Entry v, Entry x) {
    if constexpr (Conjugate) return {c.re - (x.re * v.re + x.im * v.im), c.im - (x.im * v.re - x.re * v.im)};
    else return {c.re - (v.re * x.re - v.im * x.im), c.im - (v.im * x.re + v.re * x.im)};
}

// c - sum over the column of (v_p or conj(v_p)) * x[rows[p]], subtracted one term after another
// (KLU_utsolve's and KLU_ltsolve's inner loop, the transposed solve's gather).
template <bool Conjugate>
Entry subtractColumnDot(Entry c, const Column& column, const Entry* x) {
#if defined(__SSE2__)
    __m128d sum = _mm_loadu_pd(&c.re);
    const double* values = &column.values[0].re;
    for (int p = 0; p < column.length; ++p) {
        const __m128d v = _mm_loadu_pd(values + 2 * p);               // (vr, vi)
        const __m128d a = _mm_loadu_pd(&x[column.rows[p]].re);        // (xr, xi)
        __m128d product;
        if constexpr (Conjugate) {
            // (xr*vr + xi*vi, xi*vr + xr*-vi): x * conj(v), rounded as KLU's.
            const __m128d vr = _mm_unpacklo_pd(v, v);
            const __m128d vi = _mm_unpackhi_pd(v, v);
            const __m128d signedVi = _mm_xor_pd(vi, _mm_set_pd(-0.0, 0.0));  // (vi, -vi)
            product = _mm_add_pd(_mm_mul_pd(a, vr), _mm_mul_pd(_mm_shuffle_pd(a, a, 1), signedVi));
        } else {
            // (vr*xr + vi*-xi, vi*xr + vr*xi): v * x, rounded as KLU's.
            const __m128d xr = _mm_unpacklo_pd(a, a);
            const __m128d xi = _mm_unpackhi_pd(a, a);
            const __m128d signedXi = _mm_xor_pd(xi, _mm_set_pd(0.0, -0.0));  // (-xi, xi)
            product = _mm_add_pd(_mm_mul_pd(v, xr), _mm_mul_pd(_mm_shuffle_pd(v, v, 1), signedXi));
        }
        sum = _mm_sub_pd(sum, product);
    }
    Entry result;
    _mm_storeu_pd(&result.re, sum);
    return result;
#else
    for (int p = 0; p < column.length; ++p) c = subtractProduct<Conjugate>(c, column.values[p], x[column.rows[p]]);
    return c;
#endif
}

template <bool Conjugate>
Entry maybeConjugate(Entry a) {
    if constexpr (Conjugate) return {a.re, -a.im};
    else return a;
}

// U^T x = x (or U^H) in place for one diagonal block, forwards: KLU_utsolve.
template <bool Conjugate>
void upperTransposedSolve(Unit* lu, const int* uip, const int* ulen, const Entry* udiag, int nk, Entry* x) {
    for (int k = 0; k < nk; ++k) {
        const Entry sum = subtractColumnDot<Conjugate>(x[k], columnOf(lu, uip, ulen, k), x);
        x[k] = divided(sum, maybeConjugate<Conjugate>(udiag[k]));
    }
}

// L^T x = x (or L^H) in place for one diagonal block, backwards (unit diagonal): KLU_ltsolve.
template <bool Conjugate>
void lowerTransposedSolve(Unit* lu, const int* lip, const int* llen, int nk, Entry* x) {
    for (int k = nk - 1; k >= 0; --k) x[k] = subtractColumnDot<Conjugate>(x[k], columnOf(lu, lip, llen, k), x);
}

// One right-hand side b (the input's order), overwritten with the solution of A^T x = b (A^H).
template <bool Conjugate>
void solveTransposedOne(const klu_symbolic& symbolic, const klu_numeric& numeric, Entry* b) {
    const int n = symbolic.n;
    const int *Q = symbolic.Q, *R = symbolic.R, *Pnum = numeric.Pnum;
    const int *Offp = numeric.Offp, *Offi = numeric.Offi;
    const auto* Offx = static_cast<const Entry*>(numeric.Offx);
    const auto* Udiag = static_cast<const Entry*>(numeric.Udiag);
    auto** blocks = reinterpret_cast<Unit**>(numeric.LUbx);
    const double* Rs = numeric.Rs;
    auto* X = static_cast<Entry*>(numeric.Xwork);
    for (int k = 0; k < n; ++k) X[k] = b[Q[k]];
    // The first block first: each block's columns gather, through the off-diagonal part, the
    // solution of the blocks before it.
    for (int block = 0; block < symbolic.nblocks; ++block) {
        const int k1 = R[block], k2 = R[block + 1], nk = k2 - k1;
        if (block > 0)
            for (int k = k1; k < k2; ++k) {
                const int begin = Offp[k];
                const Column off{Offi + begin, const_cast<Entry*>(Offx + begin), Offp[k + 1] - begin};
                X[k] = subtractColumnDot<Conjugate>(X[k], off, X);
            }
        if (nk == 1) {
            X[k1] = divided(X[k1], maybeConjugate<Conjugate>(Udiag[k1]));
        } else {
            upperTransposedSolve<Conjugate>(blocks[block], numeric.Uip + k1, numeric.Ulen + k1, Udiag + k1, nk, X + k1);
            lowerTransposedSolve<Conjugate>(blocks[block], numeric.Lip + k1, numeric.Llen + k1, nk, X + k1);
        }
    }
    // The scale factors are kept in pivot order.
    for (int k = 0; k < n; ++k) b[Pnum[k]] = Rs ? Entry{X[k].re / Rs[k], X[k].im / Rs[k]} : X[k];
}

bool validSolveArguments(klu_symbolic* symbolic, klu_numeric* numeric, int ld, int nrhs, double B[], klu_common* common) {
    if (!numeric || !symbolic || ld < symbolic->n || nrhs < 0 || !B) {
        common->status = KLU_INVALID;
        return false;
    }
    common->status = KLU_OK;
    return true;
}

} // namespace

int solveComplexTransposed(klu_symbolic* symbolic, klu_numeric* numeric, int ld, int nrhs, double B[], bool conjugate,
                           klu_common* common) {
    if (!common) return 0;
    if (!validSolveArguments(symbolic, numeric, ld, nrhs, B, common)) return 0;
    auto* columns = reinterpret_cast<Entry*>(B);
    for (int r = 0; r < nrhs; ++r) {
        Entry* b = columns + static_cast<std::size_t>(r) * static_cast<std::size_t>(ld);
        if (conjugate) solveTransposedOne<true>(*symbolic, *numeric, b);
        else solveTransposedOne<false>(*symbolic, *numeric, b);
    }
    return 1;
}

int solveComplex(klu_symbolic* symbolic, klu_numeric* numeric, int ld, int nrhs, double B[], klu_common* common) {
    if (!common) return 0;
    if (!validSolveArguments(symbolic, numeric, ld, nrhs, B, common)) return 0;
    auto* columns = reinterpret_cast<Entry*>(B);
    for (int r = 0; r < nrhs; ++r) solveOne(*symbolic, *numeric, columns + static_cast<std::size_t>(r) * static_cast<std::size_t>(ld));
    return 1;
}

} // namespace cablespice::solver
