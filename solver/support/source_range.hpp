#pragma once
#include <cstdint>

namespace cablespice {

// A position in a source buffer: file id (0 = no file) and byte offset.
// Plain data so solver devices can keep their origin without knowing the parser.
struct SourceLoc {
    std::uint32_t file = 0;
    std::uint32_t offset = 0;
};

struct SourceRange {
    SourceLoc begin;
    std::uint32_t length = 0;

    bool valid() const { return begin.file != 0; }
    std::uint32_t endOffset() const { return begin.offset + length; }
};

// The smallest range covering both (same file assumed; otherwise `a`).
inline SourceRange cover(SourceRange a, SourceRange b) {
    if (!a.valid()) return b;
    if (!b.valid() || a.begin.file != b.begin.file) return a;
    std::uint32_t start = a.begin.offset < b.begin.offset ? a.begin.offset : b.begin.offset;
    std::uint32_t end = a.endOffset() > b.endOffset() ? a.endOffset() : b.endOffset();
    return SourceRange{SourceLoc{a.begin.file, start}, end - start};
}

} // namespace cablespice
