#pragma once
#include <klu.h>

namespace cablespice::solver {

// klu_z_refactor's contract and result (same pivots, same factor layout, the numeric object
// ready for KLU's solves and estimates, the row scale factors from klu_z_scale), with the inner
// update X -= L(:,j) * u(j,k) done on packed complex pairs (SSE2: one 16-byte load of each L
// entry and of each X entry) instead of KLU's scalar real and imaginary halves. Every product,
// sum and division is the one KLU forms, in the same order, so the factors come out bit for bit
// as klu_z_refactor's (and as klu_z_factor's for the same values and pivots): a refactored
// frequency or point gives the numbers a fresh factorization gives. The refactorization is
// ~60 % of an AC sweep on a cable harness (bench/README.md). Returns false when a pivot is
// exactly zero (Common->status KLU_SINGULAR, singular_col set) or the input is invalid, as
// klu_z_refactor does with halt_if_singular.
int refactorComplex(int Ap[], int Ai[], double Ax[], klu_symbolic* symbolic, klu_numeric* numeric, klu_common* common);

} // namespace cablespice::solver
