#include "parser/source/source_excerpt.hpp"

#include <algorithm>

namespace cablespice {

namespace {

constexpr std::size_t kTabStop = 8;
constexpr std::string_view kEllipsis = "...";

struct Window {
    std::size_t begin = 0;
    std::size_t end = 0;
};

// Chooses which bytes of the line to show so the caret stays visible.
Window chooseWindow(std::size_t lineSize, std::size_t caret) {
    if (lineSize <= kMaxExcerptWidth) return {0, lineSize};
    std::size_t begin = caret > kMaxExcerptWidth / 2 ? caret - kMaxExcerptWidth / 2 : 0;
    std::size_t end = std::min(lineSize, begin + kMaxExcerptWidth);
    begin = end - kMaxExcerptWidth;
    return {begin, end};
}

bool isPrintable(char c) {
    auto byte = static_cast<unsigned char>(c);
    return byte >= 0x20 && byte < 0x7f;
}

// Appends the display form of one byte and returns how many columns it took.
std::size_t appendDisplayed(std::string& out, char c) {
    if (c == '\t') {
        std::size_t width = kTabStop - out.size() % kTabStop;
        out.append(width, ' ');
        return width;
    }
    out.push_back(isPrintable(c) ? c : '?');
    return 1;
}

void mark(std::string& marker, std::size_t from, std::size_t width, char symbol) {
    if (marker.size() < from + width) marker.resize(from + width, ' ');
    std::fill_n(marker.begin() + static_cast<std::ptrdiff_t>(from), width, symbol);
}

} // namespace

SourceExcerpt renderExcerpt(std::string_view line, std::size_t caret, std::size_t underline) {
    caret = std::min(caret, line.size());
    underline = std::min(underline, line.size() - caret);
    Window window = chooseWindow(line.size(), caret);

    SourceExcerpt excerpt;
    if (window.begin > 0) excerpt.line.append(kEllipsis);
    std::size_t caretColumn = excerpt.line.size();
    for (std::size_t i = window.begin; i < window.end; ++i) {
        std::size_t column = excerpt.line.size();
        std::size_t width = appendDisplayed(excerpt.line, line[i]);
        if (i == caret) caretColumn = column;
        if (i > caret && i < caret + underline) mark(excerpt.marker, column, width, '~');
    }
    if (caret >= window.end) caretColumn = excerpt.line.size();
    if (window.end < line.size()) excerpt.line.append(kEllipsis);
    mark(excerpt.marker, caretColumn, 1, '^');
    return excerpt;
}

} // namespace cablespice
