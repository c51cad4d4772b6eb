#pragma once
#include <klu.h>

namespace cablespice::solver {

// klu_z_condest's contract and result (Common->condest: the 1-norm of A times Hager's and
// Higham's estimate of the 1-norm of A's inverse), with its solves on solveComplex and
// solveComplexTransposed instead of klu_z_solve and klu_z_tsolve. Those give KLU's solutions bit
// for bit, so the steps, the iterations taken and the estimate are klu_z_condest's; the solves
// on packed pairs are what make it cheaper (it is the critical check of a sweep's reference
// factorization). Ap and Ax: the matrix the factorization is of (column pointers, interleaved
// complex values).
int conditionEstimateComplex(const int* Ap, const double* Ax, klu_symbolic* symbolic, klu_numeric* numeric,
                             klu_common* common);

} // namespace cablespice::solver
