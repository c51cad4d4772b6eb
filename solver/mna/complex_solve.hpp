#pragma once
#include <klu.h>

namespace cablespice::solver {

// klu_z_solve's contract and result for nrhs right-hand sides of leading dimension ld in B
// (overwritten with the solutions), on the factors of klu_z_factor or refactorComplex: the same
// scaling and permutations, block back substitution, L and U solves, with each update on packed
// complex pairs (klu_complex_layout.hpp). Every product, sum and division is KLU's, in KLU's
// order, so the solution is bit for bit klu_z_solve's. Returns false (Common->status
// KLU_INVALID) for invalid arguments, as KLU does.
int solveComplex(klu_symbolic* symbolic, klu_numeric* numeric, int ld, int nrhs, double B[], klu_common* common);

// klu_z_tsolve's contract and result: A^T x = b, or A^H x = b when `conjugate`, for nrhs
// right-hand sides as above (the noise and sensitivity analyses' adjoint solves, and the
// condition estimate's). The same steps, KLU's products, sums and divisions in KLU's order, on
// packed pairs: bit for bit klu_z_tsolve's solution.
int solveComplexTransposed(klu_symbolic* symbolic, klu_numeric* numeric, int ld, int nrhs, double B[], bool conjugate,
                           klu_common* common);

} // namespace cablespice::solver
