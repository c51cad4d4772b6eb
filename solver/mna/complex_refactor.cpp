#include "solver/mna/complex_refactor.hpp"

#include "solver/mna/klu_complex_layout.hpp"

namespace cablespice::solver {

namespace {

using namespace klu_layout;

bool isZero(Entry e) { return e.re == 0.0 && e.im == 0.0; }

struct Factor {
    int nblocks, nzoff;
    const int *Q, *R, *Pinv, *Pnum, *Lip, *Uip, *Llen, *Ulen;
    Unit** blocks;
    Entry *X, *Udiag, *Offx;
    const double* Rs;  // row scale factors in the input's row order (klu_z_scale's); null: unscaled
};

// Scatters column Q[k1 + k] of the scaled input into X (rows of block k1..) or Offx.
void scatterColumn(const Factor& f, const int* Ap, const int* Ai, const Entry* Az, int k1, int k, int& poff) {
    const int column = f.Q[k1 + k];
    for (int p = Ap[column]; p < Ap[column + 1]; ++p) {
        const int row = Ai[p];
        const int newRow = f.Pinv[row] - k1;
        const double scale = f.Rs ? f.Rs[row] : 1.0;
        const Entry value{Az[p].re / scale, Az[p].im / scale};
        if (newRow < 0 && poff < f.nzoff) f.Offx[poff++] = value;
        else f.X[newRow] = value;
    }
}

// Left-looking refactorization of one diagonal block with its kept pattern and pivots.
bool refactorBlock(const Factor& f, const int* Ap, const int* Ai, const Entry* Az, int block, int& poff,
                   klu_common* common) {
    const int k1 = f.R[block], nk = f.R[block + 1] - k1;
    Unit* lu = f.blocks[block];
    const int *lip = f.Lip + k1, *llen = f.Llen + k1, *uip = f.Uip + k1, *ulen = f.Ulen + k1;
    for (int k = 0; k < nk; ++k) {
        scatterColumn(f, Ap, Ai, Az, k1, k, poff);
        const Column u = columnOf(lu, uip, ulen, k);
        for (int up = 0; up < u.length; ++up) {
            const int j = u.rows[up];
            const Entry ujk = f.X[j];
            f.X[j] = {0.0, 0.0};
            u.values[up] = ujk;
            subtractColumnTimes(f.X, columnOf(lu, lip, llen, j), ujk);
        }
        const Entry ukk = f.X[k];
        f.X[k] = {0.0, 0.0};
        if (isZero(ukk)) {
            common->status = KLU_SINGULAR;
            common->numerical_rank = k + k1;
            common->singular_col = f.Q[k + k1];
            return false;
        }
        f.Udiag[k + k1] = ukk;
        const Column l = columnOf(lu, lip, llen, k);
        // One careful division a column, then products (see complex_refactor.hpp).
        const Entry r = divided({1.0, 0.0}, ukk);
        for (int p = 0; p < l.length; ++p) {
            const Entry x = f.X[l.rows[p]];
            l.values[p] = {x.re * r.re - x.im * r.im, x.im * r.re + x.re * r.im};
            f.X[l.rows[p]] = {0.0, 0.0};
        }
    }
    return true;
}

} // namespace

int refactorComplex(int Ap[], int Ai[], double Ax[], klu_symbolic* symbolic, klu_numeric* numeric, klu_common* common) {
    if (!common) return 0;
    common->status = KLU_OK;
    if (!numeric || !symbolic) {
        common->status = KLU_INVALID;
        return 0;
    }
    common->numerical_rank = -1;
    common->singular_col = -1;
    const int n = symbolic->n;
    const bool scaled = common->scale > 0;
    // The row scale factors, as klu_z_refactor computes them (scale >= 0 also checks the input).
    if (scaled && !numeric->Rs) return klu_z_refactor(Ap, Ai, Ax, symbolic, numeric, common);
    if (!scaled && numeric->Rs) return klu_z_refactor(Ap, Ai, Ax, symbolic, numeric, common);
    if (common->scale >= 0 && !klu_z_scale(common->scale, n, Ap, Ai, Ax, numeric->Rs, nullptr, common)) return 0;

    Factor f{symbolic->nblocks,
             symbolic->nzoff,
             symbolic->Q,
             symbolic->R,
             numeric->Pinv,
             numeric->Pnum,
             numeric->Lip,
             numeric->Uip,
             numeric->Llen,
             numeric->Ulen,
             reinterpret_cast<Unit**>(numeric->LUbx),
             static_cast<Entry*>(numeric->Xwork),
             static_cast<Entry*>(numeric->Udiag),
             static_cast<Entry*>(numeric->Offx),
             scaled ? numeric->Rs : nullptr};
    const auto* Az = reinterpret_cast<const Entry*>(Ax);
    for (int k = 0; k < symbolic->maxblock; ++k) f.X[k] = {0.0, 0.0};
    int poff = 0;
    for (int block = 0; block < f.nblocks; ++block) {
        const int k1 = f.R[block];
        if (f.R[block + 1] - k1 == 1) {
            // A singleton: its own pivot, the rest of its column in the off-diagonal part.
            f.X[0] = {0.0, 0.0};
            scatterColumn(f, Ap, Ai, Az, k1, 0, poff);
            f.Udiag[k1] = f.X[0];
            f.X[0] = {0.0, 0.0};
            continue;
        }
        if (!refactorBlock(f, Ap, Ai, Az, block, poff, common)) return 0;
    }
    // The solves take the scale factors in pivot order.
    if (scaled) {
        double* rs = numeric->Rs;
        for (int k = 0; k < n; ++k) f.X[k].re = rs[f.Pnum[k]];
        for (int k = 0; k < n; ++k) rs[k] = f.X[k].re;
    }
    return 1;
}

} // namespace cablespice::solver
