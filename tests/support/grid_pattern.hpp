#pragma once
#include "solver/mna/pattern_builder.hpp"
#include "solver/mna/sparse_pattern.hpp"

#include <memory>

namespace cablespice::test {

// A width x length grid with 4-neighbour coupling and a full diagonal, unknowns numbered across
// the width first: the shape of a long cable's matrix (a strip), or a square mesh.
inline std::unique_ptr<solver::SparsePattern> gridPattern(int width, int length) {
    using solver::EntryKind;
    using solver::Unknown;
    solver::PatternBuilder builder(width * length);
    const auto unknown = [width](int w, int l) { return static_cast<Unknown>(l * width + w + 1); };
    const auto couple = [&builder](Unknown a, Unknown b) {
        builder.add(a, b, EntryKind::Resistive);
        builder.add(b, a, EntryKind::Resistive);
    };
    for (int l = 0; l < length; ++l)
        for (int w = 0; w < width; ++w) {
            builder.add(unknown(w, l), unknown(w, l), EntryKind::Resistive);
            if (w + 1 < width) couple(unknown(w, l), unknown(w + 1, l));
            if (l + 1 < length) couple(unknown(w, l), unknown(w, l + 1));
        }
    return std::make_unique<solver::SparsePattern>(builder);
}

} // namespace cablespice::test
