#pragma once
#include <klu.h>

namespace cablespice::solver {

// klu_z_refactor's contract (same pivots, same factor layout, the numeric object ready for
// KLU's solves and estimates, klu_z_scale's row scale factors: for scale = 2 computed here with
// one hypot a row instead of one an entry), with the inner update
// X -= L(:,j) * u(j,k) done on packed complex pairs (SSE2: one 16-byte load of each L entry and
// of each X entry) instead of KLU's scalar real and imaginary halves, and each column of L
// multiplied by the pivot's reciprocal instead of divided by the pivot entry by entry. The
// updates are KLU's products and sums in KLU's order; the reciprocal rounds once more, so the
// factors agree with klu_z_refactor's to a few units in the last place rather than bit for bit
// (a refactored frequency and a fresh factorization of it agree to that, and every thread's
// refactorization of one frequency is the same). KLU's division is an out-of-line careful
// complex division per entry; one per column costs ~12 % less refactorization time on the 1e4
// harness (bench/README.md), and the refactorization is ~60 % of an AC sweep there. Returns
// false when a pivot is exactly zero (Common->status KLU_SINGULAR, singular_col set) or the
// input is invalid, as klu_z_refactor does with halt_if_singular.
//
// With `supernodeEnd` (supernodeEnds() of this factor, sorted by sortFactorByRow), a run of columns
// of L sharing their rows updates column k a row at a time, up to four columns in one pass: one
// row-index load and one update of X for up to four multiply-adds instead of one each. Each
// row's products are then summed before they are subtracted, so the factors differ from the
// column-by-column ones in the last places only. The row update runs on AVX2 where the
// processor has it and on SSE2 with `portable` (the same factors bit for bit, complex_row_update.hpp).
int refactorComplex(int Ap[], int Ai[], double Ax[], klu_symbolic* symbolic, klu_numeric* numeric, klu_common* common,
                    const int* supernodeEnd = nullptr, bool portable = false);

// refactorComplex followed by solveComplex on one right-hand side B (n entries, overwritten with
// the solution), in one pass: each block is solved right after it is refactored (the blocks in
// the solve's order) and the forward substitution applies each column of L as it is computed,
// so the solve reads only U again. The factors are bit for bit those of the two calls, the
// solution within a few units in the last place (U is solved by the pivots' inverses, which the
// refactorization computes anyway, instead of a careful division a column). On the 1e5-unknown
// harness the factor (~40 MB) is far out of cache, and the first solve of a frequency read all
// of it again (bench/README.md). Fails as refactorComplex does.
int refactorSolveComplex(int Ap[], int Ai[], double Ax[], klu_symbolic* symbolic, klu_numeric* numeric,
                         klu_common* common, double B[], const int* supernodeEnd = nullptr,
                         bool portable = false);

// refactorSolveComplex for two right-hand sides, B and B2 (n entries each, overwritten with
// their solutions), in the same one pass: each column of L and each block's U is applied to both
// while it is in cache (.cmrr's differential and common-mode excitations). Each solution is the
// one refactorSolveComplex gives it alone, bit for bit.
int refactorSolveComplexPair(int Ap[], int Ai[], double Ax[], klu_symbolic* symbolic, klu_numeric* numeric,
                             klu_common* common, double B[], double B2[], const int* supernodeEnd = nullptr,
                             bool portable = false);

} // namespace cablespice::solver
