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

} // namespace

int solveComplex(klu_symbolic* symbolic, klu_numeric* numeric, int ld, int nrhs, double B[], klu_common* common) {
    if (!common) return 0;
    if (!numeric || !symbolic || ld < symbolic->n || nrhs < 0 || !B) {
        common->status = KLU_INVALID;
        return 0;
    }
    common->status = KLU_OK;
    auto* columns = reinterpret_cast<Entry*>(B);
    for (int r = 0; r < nrhs; ++r) solveOne(*symbolic, *numeric, columns + static_cast<std::size_t>(r) * static_cast<std::size_t>(ld));
    return 1;
}

} // namespace cablespice::solver
