#include "solver/mna/pattern_builder.hpp"

#include <cassert>

namespace cablespice::solver {

void PatternBuilder::add(Unknown row, Unknown col, EntryKind kind) {
    assert(row >= 0 && row <= unknownCount_ && col >= 0 && col <= unknownCount_ && "unknown out of range");
    if (row == kGround || col == kGround) return;
    entries_.push_back(Entry{row, col, kind});
}

} // namespace cablespice::solver
