#pragma once
#include <vector>

#include <klu.h>

namespace cablespice::solver {

// The fundamental supernodes of a complex KLU factor's L: runs of consecutive pivots j..e in one
// diagonal block where each column's pattern is the next column's plus that column's own row
// (L(:,j) = {j+1} + L(:,j+1)), so the run's columns share the rows below e. Needs the factor's
// columns sorted by row (klu_z_sort): then the shared rows close every column of the run, in
// the same order, and a refactorization updates a column from the run a row at a time (one
// index and one work-array update for several multiply-adds, complex_refactor.hpp). On the
// cable harnesses 82-90 % of a refactorization's multiply-adds come from runs of two or more
// columns, though four columns in five are runs of one (bench/README.md).
//
// Returns, for each pivot (KLU's pivot order), the last pivot of its run; empty when the
// factor is not sorted or a column of U does not reach the runs as the structure says it must
// (every pivot from the first one it reaches to the run's end, or to the column itself):
// callers then refactor column by column.
std::vector<int> supernodeEnds(const klu_symbolic& symbolic, const klu_numeric& numeric);

} // namespace cablespice::solver
