#pragma once
#include <vector>

#include <klu.h>

namespace cablespice::solver {

// The fundamental supernodes of a complex KLU factor's L: runs of consecutive pivots j..e in one
// diagonal block where each column's pattern is the next column's plus that column's own row
// (L(:,j) = {j+1} + L(:,j+1)), so the run's columns share the rows below e. Needs the factor's
// columns sorted by row (sortFactorByRow): then the shared rows close every column of the run, in
// the same order, and a refactorization updates a column from the run a row at a time (one
// index and one work-array update for several multiply-adds, complex_refactor.hpp). On the
// cable harnesses 82-90 % of a refactorization's multiply-adds come from runs of two or more
// columns, though four columns in five are runs of one (bench/README.md).
//
// Sorts each column of a complex factor's L and U by row, values alongside, in place: what
// klu_z_sort does, without its copy of the whole factor (two transposes), which raised the peak
// memory of a two-thread 1e4-unknown sweep by ~1.5 MB, above ngspice's. KLU's solves, estimates
// and refactorization take the columns in any order (U's by row is a topological order: L is
// lower triangular in pivot order).
void sortFactorByRow(const klu_symbolic& symbolic, klu_numeric& numeric);

// Returns, for each pivot (KLU's pivot order), the last pivot of its run; empty when the
// factor is not sorted or a column of U does not reach the runs as the structure says it must
// (every pivot from the first one it reaches to the run's end, or to the column itself):
// callers then refactor column by column.
std::vector<int> supernodeEnds(const klu_symbolic& symbolic, const klu_numeric& numeric);

} // namespace cablespice::solver
