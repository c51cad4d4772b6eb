#include "solver/mna/complex_refactor.hpp"

#include "solver/mna/complex_solve.hpp"
#include "solver/mna/complex_row_update.hpp"
#include "solver/mna/klu_complex_layout.hpp"

#include <algorithm>
#include <cmath>

namespace cablespice::solver {

namespace {

using namespace klu_layout;

bool isZero(Entry e) { return e.re == 0.0 && e.im == 0.0; }

struct Factor {
    int nblocks, nzoff;
    const int *Q, *R, *Pinv, *Pnum, *Lip, *Uip, *Llen, *Ulen, *Offp, *Offi;
    Unit** blocks;
    Entry *X, *Udiag, *Offx;
    const double* Rs;  // row scale factors in the input's row order (klu_z_scale's); null: unscaled
    Entry* pivotInverse;      // with a solve: 1 / each pivot of the large blocks, in pivot order
    const int* supernodeEnd;  // each pivot's run's last pivot (complex_supernodes.hpp); null: column by column
    bool wideRows;            // the AVX2 row update (complex_row_update.hpp)
};

// Scatters column Q[k1 + k] of the scaled input into X (rows of block k1..) or Offx.
void scatterColumn(const Factor& f, const int* Ap, const int* Ai, const Entry* Az, int k1, int k, int& poff) {
    const int column = f.Q[k1 + k];
    for (int p = Ap[column]; p < Ap[column + 1]; ++p) {
        const int row = Ai[p];
        const int newRow = f.Pinv[row] - k1;
        // KLU's division, not a product by the inverse: refactored values then round as a
        // fresh factorization's do (a kept pivot order reused on a new circuit agrees with a
        // full elaboration to 1e-12; the product moved such outputs by 3e-11).
        const double scale = f.Rs ? f.Rs[row] : 1.0;
        const Entry value{Az[p].re / scale, Az[p].im / scale};
        if (newRow < 0 && poff < f.nzoff) f.Offx[poff++] = value;
        else f.X[newRow] = value;
    }
}

// Columns first..first+Width-1 of a run (rows sorted, so each column's pattern opens with the
// run's later pivots, then the rows of the chunk's last column): U(:,k)'s entries in these rows
// one after another as the columns before them are applied (the small triangle), then the rest
// of the rows for all Width columns at once.
template <int Width>
void subtractRunChunk(bool wide, Entry* x, Unit* lu, const int* lip, const int* llen, int first, Entry* uValues) {
    Entry u[Width];
    const Entry* below[Width];
    for (int t = 0; t < Width; ++t) {
        const int j = first + t;
        u[t] = x[j];
        x[j] = {0.0, 0.0};
        uValues[t] = u[t];
        const Column column = columnOf(lu, lip, llen, j);
        // Its first Width - 1 - t rows are the chunk's later pivots: the small triangle.
        subtractColumnTimes(x, Column{column.rows, column.values, Width - 1 - t}, u[t]);
        below[t] = column.values + (Width - 1 - t);
    }
    const Column last = columnOf(lu, lip, llen, first + Width - 1);
    subtractRowsTimes<Width>(wide, x, last.rows, last.length, below, u);
}

// X -= L(:,j) * u(j,k) for the pivots first..last of one run, in chunks of up to four columns
// (eight SSE2 registers hold their u); U(:,k)'s entries for them go to uValues.
void subtractRun(bool wide, Entry* x, Unit* lu, const int* lip, const int* llen, int first, int last,
                 Entry* uValues) {
    constexpr int kChunk = 4;
    for (int c = first; c <= last; c += kChunk) {
        Entry* u = uValues + (c - first);
        switch (std::min(kChunk, last - c + 1)) {
        case 1: subtractRunChunk<1>(wide, x, lu, lip, llen, c, u); break;
        case 2: subtractRunChunk<2>(wide, x, lu, lip, llen, c, u); break;
        case 3: subtractRunChunk<3>(wide, x, lu, lip, llen, c, u); break;
        default: subtractRunChunk<4>(wide, x, lu, lip, llen, c, u); break;
        }
    }
}

// klu_z_scale's factors for scale = 2 (each row's largest |a|, 1 for a row without a nonzero),
// without its check of the input (the pattern is the factorization's). Each row's largest entry
// is found by squared magnitudes, so the hypot's division and square root are made once a row
// instead of once an entry (klu_z_scale was 4 % of a 1e5-unknown sweep); where two entries'
// squared magnitudes tie to rounding the factor may differ from KLU's in the last place, which
// only rescales that row. `largest` is workspace for n entries.
void rowScaleFactors(int n, const int* Ap, const int* Ai, const Entry* Az, double* Rs, Entry* largest) {
    auto squared = [](Entry a) { return a.re * a.re + a.im * a.im; };
    std::fill(largest, largest + n, Entry{0.0, 0.0});
    for (int j = 0; j < n; ++j)
        for (int p = Ap[j]; p < Ap[j + 1]; ++p)
            if (squared(Az[p]) > squared(largest[Ai[p]])) largest[Ai[p]] = Az[p];
    for (int i = 0; i < n; ++i) {
        const double magnitude = kluMagnitude(largest[i]);
        Rs[i] = magnitude > 0.0 ? magnitude : 1.0;
    }
}

// Left-looking refactorization of one diagonal block with its kept pattern and pivots. With
// `y` (the block's part of a right-hand side in pivot order, and of a second one in y2), L y = y
// is solved alongside: y[k] is final once column k of L is, and that column is applied while it
// is still in cache, so the solve does not read L again (at 1e5 unknowns the factor is ~40 MB,
// far out of cache).
bool refactorBlock(const Factor& f, const int* Ap, const int* Ai, const Entry* Az, int block, int& poff,
                   Entry* y, Entry* y2, klu_common* common) {
    const int k1 = f.R[block], nk = f.R[block + 1] - k1;
    Unit* lu = f.blocks[block];
    const int *lip = f.Lip + k1, *llen = f.Llen + k1, *uip = f.Uip + k1, *ulen = f.Ulen + k1;
    const int* ends = f.supernodeEnd ? f.supernodeEnd + k1 : nullptr;
    for (int k = 0; k < nk; ++k) {
        scatterColumn(f, Ap, Ai, Az, k1, k, poff);
        const Column u = columnOf(lu, uip, ulen, k);
        for (int up = 0; up < u.length;) {
            const int j = u.rows[up];
            // U(:,k) reaches a run from j to its end or to k - 1, every pivot between (supernodeEnds).
            const int last = ends ? std::min(ends[j] - k1, k - 1) : j;
            if (last > j) {
                subtractRun(f.wideRows, f.X, lu, lip, llen, j, last, u.values + up);
                up += last - j + 1;
                continue;
            }
            const Entry ujk = f.X[j];
            f.X[j] = {0.0, 0.0};
            u.values[up] = ujk;
            subtractColumnTimes(f.X, columnOf(lu, lip, llen, j), ujk);
            ++up;
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
        if (y) {
            f.pivotInverse[k1 + k] = r;
            subtractColumnTimes(y, l, y[k]);
            if (y2) subtractColumnTimes(y2, l, y2[k]);
        }
    }
    return true;
}

// A singleton block: its own pivot, the rest of its column in the off-diagonal part.
bool refactorSingleton(const Factor& f, const int* Ap, const int* Ai, const Entry* Az, int k1, int& poff,
                       klu_common* common) {
    f.X[0] = {0.0, 0.0};
    scatterColumn(f, Ap, Ai, Az, k1, 0, poff);
    f.Udiag[k1] = f.X[0];
    f.X[0] = {0.0, 0.0};
    if (!isZero(f.Udiag[k1])) return true;
    common->status = KLU_SINGULAR;
    common->numerical_rank = k1;
    common->singular_col = f.Q[k1];
    return false;
}

bool refactorBlocks(const Factor& f, const int* Ap, const int* Ai, const Entry* Az, klu_common* common) {
    int poff = 0;
    for (int block = 0; block < f.nblocks; ++block) {
        const int k1 = f.R[block];
        const bool ok = f.R[block + 1] - k1 == 1 ? refactorSingleton(f, Ap, Ai, Az, k1, poff, common)
                                                 : refactorBlock(f, Ap, Ai, Az, block, poff, nullptr, nullptr, common);
        if (!ok) return false;
    }
    return true;
}

Entry times(Entry v, Entry r) { return {v.re * r.re - v.im * r.im, v.im * r.re + v.re * r.im}; }

// U x = x in place for one diagonal block, backwards, by the pivots' inverses (one product a
// column instead of KLU's careful division): within a rounding of KLU_usolve's x. With x2, U
// x2 = x2 as well, each column applied to both while it is in cache.
void upperSolveByInverses(Unit* lu, const int* uip, const int* ulen, const Entry* inverse, int nk, Entry* x,
                          Entry* x2) {
    for (int k = nk - 1; k >= 0; --k) {
        const Column column = columnOf(lu, uip, ulen, k);
        x[k] = times(x[k], inverse[k]);
        subtractColumnTimes(x, column, x[k]);
        if (x2) {
            x2[k] = times(x2[k], inverse[k]);
            subtractColumnTimes(x2, column, x2[k]);
        }
    }
}

// The blocks in the solve's order, the last first (each block's factors depend on its own
// columns only, and Offp says where its off-diagonal entries go), each one solved as soon as it
// is refactored: y in pivot order becomes the solution (solveComplex's steps and rounding), and
// so does y2 when there is a second right-hand side.
bool refactorSolvingBlocks(const Factor& f, const int* Ap, const int* Ai, const Entry* Az, Entry* y, Entry* y2,
                           klu_common* common) {
    for (int block = f.nblocks - 1; block >= 0; --block) {
        const int k1 = f.R[block], k2 = f.R[block + 1];
        int poff = f.Offp[k1];
        if (k2 - k1 == 1) {
            if (!refactorSingleton(f, Ap, Ai, Az, k1, poff, common)) return false;
            y[k1] = divided(y[k1], f.Udiag[k1]);
            if (y2) y2[k1] = divided(y2[k1], f.Udiag[k1]);
        } else {
            if (!refactorBlock(f, Ap, Ai, Az, block, poff, y + k1, y2 ? y2 + k1 : nullptr, common)) return false;
            upperSolveByInverses(f.blocks[block], f.Uip + k1, f.Ulen + k1, f.pivotInverse + k1, k2 - k1, y + k1,
                                 y2 ? y2 + k1 : nullptr);
        }
        if (block > 0) {
            subtractOffDiagonal(f.Offp, f.Offi, f.Offx, k1, k2, y);
            if (y2) subtractOffDiagonal(f.Offp, f.Offi, f.Offx, k1, k2, y2);
        }
    }
    return true;
}

// b in pivot order, each row divided by its scale factor (the input's order: Rs before the
// refactorization permutes it; null: unscaled).
void permuteScaledInput(const Factor& f, int n, const Entry* b, Entry* y) {
    for (int k = 0; k < n; ++k) {
        const Entry e = b[f.Pnum[k]];
        const double scale = f.Rs ? f.Rs[f.Pnum[k]] : 1.0;
        y[k] = {e.re / scale, e.im / scale};
    }
}

// refactorComplex, and with B also solveComplex's A x = B for one right-hand side, or two with B2.
int refactor(int Ap[], int Ai[], double Ax[], klu_symbolic* symbolic, klu_numeric* numeric, klu_common* common,
             double B[], double B2[], const int* supernodeEnd, bool portable) {
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
    // The row scale factors as klu_z_refactor computes them; scale = 2 (the largest entry, the
    // one used) below, the other modes (which also check the input) by klu_z_scale.
    if (scaled != (numeric->Rs != nullptr)) {
        const int ok = klu_z_refactor(Ap, Ai, Ax, symbolic, numeric, common);
        if (!ok || !B) return ok;
        return solveComplex(symbolic, numeric, n, 1, B, common) && (!B2 || solveComplex(symbolic, numeric, n, 1, B2, common));
    }
    const bool ownScale = common->scale == 2;
    if (common->scale >= 0 && !ownScale && !klu_z_scale(common->scale, n, Ap, Ai, Ax, numeric->Rs, nullptr, common))
        return 0;

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
             numeric->Offp,
             numeric->Offi,
             reinterpret_cast<Unit**>(numeric->LUbx),
             static_cast<Entry*>(numeric->Xwork),
             static_cast<Entry*>(numeric->Udiag),
             static_cast<Entry*>(numeric->Offx),
             scaled ? numeric->Rs : nullptr,
             nullptr,
             supernodeEnd,
             !portable && wideRowUpdateAvailable()};
    // KLU's work array holds 4n entries (its solve's); the refactorization uses the first
    // maxblock, a solve's y the second n (before that, the rows' largest entries), the pivots'
    // inverses the third and a second right-hand side's y the fourth.
    f.pivotInverse = f.X + 2 * static_cast<std::size_t>(n);
    const auto* Az = reinterpret_cast<const Entry*>(Ax);
    if (scaled && ownScale) rowScaleFactors(n, Ap, Ai, Az, numeric->Rs, f.X + n);
    for (int k = 0; k < symbolic->maxblock; ++k) f.X[k] = {0.0, 0.0};
    if (!B) {
        if (!refactorBlocks(f, Ap, Ai, Az, common)) return 0;
    } else {
        Entry* y = f.X + n;
        Entry* y2 = B2 ? f.X + 3 * static_cast<std::size_t>(n) : nullptr;
        auto* b = reinterpret_cast<Entry*>(B);
        auto* b2 = reinterpret_cast<Entry*>(B2);
        permuteScaledInput(f, n, b, y);
        if (y2) permuteScaledInput(f, n, b2, y2);
        if (!refactorSolvingBlocks(f, Ap, Ai, Az, y, y2, common)) return 0;
        for (int k = 0; k < n; ++k) b[f.Q[k]] = y[k];
        if (y2)
            for (int k = 0; k < n; ++k) b2[f.Q[k]] = y2[k];
    }
    // The solves take the scale factors in pivot order.
    if (scaled) {
        double* rs = numeric->Rs;
        for (int k = 0; k < n; ++k) f.X[k].re = rs[f.Pnum[k]];
        for (int k = 0; k < n; ++k) rs[k] = f.X[k].re;
    }
    return 1;
}

} // namespace

int refactorComplex(int Ap[], int Ai[], double Ax[], klu_symbolic* symbolic, klu_numeric* numeric, klu_common* common,
                    const int* supernodeEnd, bool portable) {
    return refactor(Ap, Ai, Ax, symbolic, numeric, common, nullptr, nullptr, supernodeEnd, portable);
}

int refactorSolveComplex(int Ap[], int Ai[], double Ax[], klu_symbolic* symbolic, klu_numeric* numeric,
                         klu_common* common, double B[], const int* supernodeEnd, bool portable) {
    if (!B) {
        if (common) common->status = KLU_INVALID;
        return 0;
    }
    return refactor(Ap, Ai, Ax, symbolic, numeric, common, B, nullptr, supernodeEnd, portable);
}

int refactorSolveComplexPair(int Ap[], int Ai[], double Ax[], klu_symbolic* symbolic, klu_numeric* numeric,
                             klu_common* common, double B[], double B2[], const int* supernodeEnd, bool portable) {
    if (!B || !B2) {
        if (common) common->status = KLU_INVALID;
        return 0;
    }
    return refactor(Ap, Ai, Ax, symbolic, numeric, common, B, B2, supernodeEnd, portable);
}

} // namespace cablespice::solver
