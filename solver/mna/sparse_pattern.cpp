#include "solver/mna/sparse_pattern.hpp"

#include <algorithm>
#include <cassert>

namespace cablespice::solver {

// The declared entries and the implicit diagonal, bucketed by column (a counting sort: the
// builder holds every device's declarations, ~1.6 M at 1e5 unknowns, and sorting them all was
// a few percent of loading that harness), then each column's rows sorted with duplicates merged.
SparsePattern::SparsePattern(const PatternBuilder& builder) : size_(builder.unknownCount()) {
    struct RowEntry {
        Unknown row;
        EntryKind kind;
    };
    const auto& entries = builder.entries();
    const auto n = static_cast<std::size_t>(size_);
    std::vector<std::size_t> next(n + 2, 0);  // next[c]: where column c's next entry goes (c = 1..n)
    for (const auto& e : entries) ++next[static_cast<std::size_t>(e.col) + 1];
    for (std::size_t c = 1; c <= n; ++c) next[c + 1] += next[c] + 1;  // + 1: the diagonal
    std::vector<RowEntry> byColumn(entries.size() + n);
    // The implicit diagonal carries no kind bits: kinds record only what devices declared.
    for (Unknown u = 1; u <= size_; ++u) byColumn[next[static_cast<std::size_t>(u)]++] = {u, static_cast<EntryKind>(0)};
    for (const auto& e : entries) byColumn[next[static_cast<std::size_t>(e.col)]++] = {e.row, e.kind};
    columnPointers_.assign(n + 1, 0);
    rowIndices_.reserve(byColumn.size());
    kinds_.reserve(byColumn.size());
    // Filled, next[c] is where column c ends and column c + 1 begins.
    for (std::size_t c = 1; c <= n; ++c) {
        const auto first = byColumn.begin() + static_cast<std::ptrdiff_t>(next[c - 1]);
        const auto last = byColumn.begin() + static_cast<std::ptrdiff_t>(next[c]);
        std::sort(first, last, [](const RowEntry& a, const RowEntry& b) { return a.row < b.row; });
        for (auto it = first; it != last; ++it) {
            if (it != first && it[-1].row == it->row) {
                kinds_.back() = kinds_.back() | it->kind;
                continue;
            }
            rowIndices_.push_back(it->row - 1);
            kinds_.push_back(it->kind);
        }
        columnPointers_[c] = static_cast<int>(rowIndices_.size());
    }
    rowIndices_.shrink_to_fit();
    kinds_.shrink_to_fit();
}

Slot SparsePattern::find(Unknown row, Unknown col) const {
    auto begin = rowIndices_.begin() + columnPointers_[col - 1];
    auto end = rowIndices_.begin() + columnPointers_[col];
    auto it = std::lower_bound(begin, end, row - 1);
    if (it == end || *it != row - 1) return -1;
    return static_cast<Slot>(it - rowIndices_.begin());
}

Slot SparsePattern::slot(Unknown row, Unknown col) const {
    if (row == kGround || col == kGround) return bucket();
    Slot s = find(row, col);
    assert(s >= 0 && "matrix entry was not declared in declareEntries");
    return s < 0 ? bucket() : s;
}

bool SparsePattern::contains(Unknown row, Unknown col) const {
    return row != kGround && col != kGround && find(row, col) >= 0;
}

int SparsePattern::columnOf(Slot slot) const {
    auto it = std::upper_bound(columnPointers_.begin(), columnPointers_.end(), slot);
    return static_cast<int>(it - columnPointers_.begin()) - 1;
}

} // namespace cablespice::solver
