#pragma once
#include "solver/mna/sparse_pattern.hpp"

#include <optional>
#include <vector>

#include <klu.h>

namespace cablespice::solver {

// A pivot order and the nonzero pattern of its LU factors for A(P,Q) (KLU's analysis: row and
// column orders, diagonal blocks), chosen from the pattern alone: in each column the diagonal
// entry, as the AC family's fast pivot tolerance keeps on cable harnesses anyway, except where
// that entry is zero for every value of the matrix. That is the implicit diagonal of the
// pattern (SparsePattern: declared by no device, e.g. a voltage source's branch row) when no
// elimination before it fills it in; there, as KLU's kernel would, the column takes another of
// its rows (the diagonal row of the nearest later column it reaches) and its own diagonal row
// moves to that column. Worked out once per symbolic analysis,
// without values and without a pivot search, a factorization on it is a refactorization
// (klu_numeric_from_pattern.hpp), ~4x cheaper than klu_z_factor at 1e4 unknowns. The implicit
// diagonal is zero wherever no device writes it; a matrix that has a value there anyway (a
// caller that writes undeclared diagonals) is refused (holdsFor), and whether these pivots
// suit a matrix's values is for the accuracy checks to say.
//
// Columns are in pivot order (0..n-1); row indices are local to the column's block, in the
// final pivot order as in KLU's factors, and sorted (increasing order is a topological order
// of L's graph, which the refactorization needs, and the order its runs of columns need,
// complex_supernodes.hpp). Singleton blocks have no rows in L or U. The entries left of their
// block are listed column by column in the order of A's columns (the order KLU's
// refactorization scatters them), by their pivot-order row.
struct StaticPivotPattern {
    std::vector<int> rowOfPivot;  // n: the row of A pivoting at k (KLU's Pnum)
    std::vector<int> lowerStart;  // n + 1: column k's rows of L (below the diagonal) are
    std::vector<int> lowerRows;   //   lowerRows[lowerStart[k] .. lowerStart[k + 1])
    std::vector<int> upperStart;  // n + 1: column k's rows of U (above the diagonal)
    std::vector<int> upperRows;
    std::vector<int> offStart;    // n + 1: the entries of column k left of its block
    std::vector<int> offRows;
    int offDiagonalPivots = 0;    // columns whose pivot is not their diagonal entry
    // The entries of A taken as zero (implicit diagonals inside the blocks): a matrix with any
    // of them nonzero does not have this pattern (holdsFor).
    std::vector<int> takenAsZero;

    // Whether these factors' pattern is that of `values` (the matrix's entries in CSC order).
    template <class Scalar>
    bool holdsFor(const Scalar* values) const {
        for (int entry : takenAsZero)
            if (values[entry] != Scalar(0)) return false;
        return true;
    }
};

// Null when a column reaches no row to pivot on (structurally singular).
std::optional<StaticPivotPattern> staticPivotPattern(const SparsePattern& pattern, const klu_symbolic& symbolic);

} // namespace cablespice::solver
