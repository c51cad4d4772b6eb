#pragma once
#include "solver/mna/sparse_pattern.hpp"

#include <optional>
#include <vector>

namespace cablespice::solver {

// Sizes of the three parts of a two-domain ordering, in elimination order: the first domain,
// the second, then the separator. No entry of the matrix couples the two domains.
struct DomainSplit {
    int first = 0;
    int second = 0;
    int separator = 0;
};

// A fill-reducing ordering that eliminates two independent halves of the matrix before a small
// separator between them, so the forward and back solves of the halves can run on two cores
// (RowOrientedLu). permutation[k] is the unknown (0-based) eliminated k-th.
struct TwoDomainOrdering {
    std::vector<int> permutation;
    DomainSplit split;
    // CAMD's count of the nonzeros of L below the diagonal for this ordering (of A + A'): the
    // fill estimate AMD gives KLU's own analysis.
    double strictLowerNonzeros = 0.0;
};

// The separator is the middle level set of a breadth-first search from a pseudo-peripheral
// unknown (on a long cable: one cross-section); within the three parts, CAMD (AMD with the
// parts as ordering constraints, SuiteSparse) minimises fill. No ordering when the graph has
// no small, balanced separator: one larger than max(kMinSeparatorLimit, n / 64) unknowns, or
// a domain smaller than a quarter of the unknowns.
std::optional<TwoDomainOrdering> twoDomainOrdering(const SparsePattern& pattern);

inline constexpr int kMinSeparatorLimit = 32;

} // namespace cablespice::solver
