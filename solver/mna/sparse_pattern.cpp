#include "solver/mna/sparse_pattern.hpp"

#include <algorithm>
#include <cassert>

namespace cablespice::solver {

SparsePattern::SparsePattern(const PatternBuilder& builder) : size_(builder.unknownCount()) {
    std::vector<PatternBuilder::Entry> entries = builder.entries();
    // The implicit diagonal carries no kind bits: kinds record only what devices declared.
    for (Unknown u = 1; u <= size_; ++u) entries.push_back({u, u, static_cast<EntryKind>(0)});
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
        return a.col != b.col ? a.col < b.col : a.row < b.row;
    });
    columnPointers_.assign(static_cast<std::size_t>(size_) + 1, 0);
    for (std::size_t k = 0; k < entries.size(); ++k) {
        const auto& e = entries[k];
        bool duplicate = !rowIndices_.empty() && k > 0 && entries[k - 1].row == e.row && entries[k - 1].col == e.col;
        if (duplicate) {
            kinds_.back() = kinds_.back() | e.kind;
            continue;
        }
        rowIndices_.push_back(e.row - 1);
        kinds_.push_back(e.kind);
        ++columnPointers_[static_cast<std::size_t>(e.col)];
    }
    for (int c = 0; c < size_; ++c) columnPointers_[c + 1] += columnPointers_[c];
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
