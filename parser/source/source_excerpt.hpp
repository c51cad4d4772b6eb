#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace cablespice {

// One source line prepared for a terminal, plus the marker line under it:
//   R1 a b 10q
//          ^~~
// Tabs are expanded to 8-column stops, bytes that are not printable ASCII show as '?',
// and lines longer than kMaxExcerptWidth bytes are cut to a window around the caret
// (elided parts shown as "...").
struct SourceExcerpt {
    std::string line;
    std::string marker;
};

inline constexpr std::size_t kMaxExcerptWidth = 200;

// `caret` is the 0-based byte index of the caret in `line` (may equal line.size() to point
// just past the end); `underline` is how many bytes from the caret on the range covers.
SourceExcerpt renderExcerpt(std::string_view line, std::size_t caret, std::size_t underline);

} // namespace cablespice
