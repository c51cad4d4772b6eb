#pragma once
#include "solver/circuit/unknown.hpp"
#include "solver/mna/entry_kind.hpp"
#include "solver/mna/pattern_builder.hpp"
#include "solver/mna/slot.hpp"

#include <vector>

namespace cablespice::solver {

// Fixed CSC sparsity pattern (0-based Ap/Ai as KLU wants), built once per topology.
// Every diagonal is present so KLU sees a structurally complete diagonal when it exists.
class SparsePattern {
public:
    explicit SparsePattern(const PatternBuilder& builder);

    int size() const { return size_; }
    int nnz() const { return static_cast<int>(rowIndices_.size()); }
    Slot bucket() const { return nnz(); }

    const std::vector<int>& columnPointers() const { return columnPointers_; }
    const std::vector<int>& rowIndices() const { return rowIndices_; }
    EntryKind kind(Slot slot) const { return kinds_[static_cast<std::size_t>(slot)]; }

    // Bind-time lookup (binary search). Ground rows/cols give the bucket.
    // Asserts that a non-ground entry was declared.
    Slot slot(Unknown row, Unknown col) const;
    bool contains(Unknown row, Unknown col) const;

    // Column (0-based) of a slot; row is rowIndices()[slot].
    int columnOf(Slot slot) const;

private:
    Slot find(Unknown row, Unknown col) const;

    int size_ = 0;
    std::vector<int> columnPointers_;
    std::vector<int> rowIndices_;
    std::vector<EntryKind> kinds_;
};

} // namespace cablespice::solver
