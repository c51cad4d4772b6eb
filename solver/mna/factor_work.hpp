#pragma once
#include <cstddef>

#include <klu.h>

namespace cablespice::solver {

// The multiply-adds of one refactorization on a KLU factor's pattern, as klu_refactor and
// refactorComplex run it (left-looking): for each column k of a diagonal block, one per entry of
// L(:,j) for every j in U(:,k), and one per entry of L(:,k) (its scaling by the pivot). The
// factor's arithmetic, which nonzeros alone do not tell: a column of U reaching back to long
// columns of L costs their lengths. `entryBytes` is sizeof the factor's scalar (8 real, 16 complex).
double refactorMultiplyAdds(const klu_symbolic& symbolic, const klu_numeric& numeric, std::size_t entryBytes);

} // namespace cablespice::solver
