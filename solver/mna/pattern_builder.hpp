#pragma once
#include "solver/circuit/unknown.hpp"
#include "solver/mna/entry_kind.hpp"

#include <vector>

namespace cablespice::solver {

// Collects every (row, col) a device may ever write, before any value exists.
// Entries touching ground are dropped (they map to the bucket slot).
class PatternBuilder {
public:
    struct Entry {
        Unknown row;
        Unknown col;
        EntryKind kind;
    };

    explicit PatternBuilder(int unknownCount) : unknownCount_(unknownCount) {}

    void add(Unknown row, Unknown col, EntryKind kind);
    int unknownCount() const { return unknownCount_; }
    const std::vector<Entry>& entries() const { return entries_; }

private:
    int unknownCount_;
    std::vector<Entry> entries_;
};

} // namespace cablespice::solver
