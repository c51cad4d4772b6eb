#pragma once
#include "parser/grammar/char_classes.hpp"

#include <boost/spirit/home/x3.hpp>

// What the netlist grammar skips between tokens, working on the original buffer so every
// token keeps its exact offset (no continuation line is ever joined into a new string):
//   - blanks (space, tab, CR, form feed);
//   - inline comments: ';' to the end of the line, or '$' followed by a blank or the line end;
//   - a continuation: the line end, any comment or blank lines, blanks, then '+'.
// A line end that is not followed by a continuation is not skipped: it ends the card.
namespace cablespice::grammar {

namespace x3 = boost::spirit::x3;

// `p` (before `last`) starts a '$' comment: '$' starts one only before a blank or the line end
// (ngspice), so "a$b" is one word.
inline bool startsDollarComment(const char* p, const char* last) {
    return *p == '$' && (p + 1 == last || p[1] == '\n' || isBlank(static_cast<unsigned char>(p[1])));
}

// `p` (before `last`) starts an inline comment, which runs to the line end.
inline bool startsInlineComment(const char* p, const char* last) { return *p == ';' || startsDollarComment(p, last); }

inline const char* lineEndFrom(const char* p, const char* last) {
    while (p != last && *p != '\n') ++p;
    return p;
}

// Past the continuation at the line end `p`, or null when the next card starts there: a
// continuation is the line end, any comment lines ('*' after blanks) or blank lines (blanks and
// an optional inline comment), blanks, then '+'.
inline const char* continuationEnd(const char* p, const char* last) {
    while (p != last && *p == '\n') {
        ++p;
        while (p != last && isBlank(static_cast<unsigned char>(*p))) ++p;
        if (p == last) return nullptr;
        if (*p == '+') return p + 1;
        if (*p == '*' || startsInlineComment(p, last)) p = lineEndFrom(p, last);
    }
    return nullptr;
}

// blank | inlineComment | continuation, repeated, as one hand-written loop: X3 would try the
// three alternatives a byte at a time, and skipping runs before every token of every card.
// Consumes the longest run of skippable text; fails when there is none.
struct SkipParser : x3::parser<SkipParser> {
    using attribute_type = x3::unused_type;
    static bool const has_attribute = false;

    template <typename Iterator, typename Context, typename RContext, typename Attribute>
    bool parse(Iterator& first, const Iterator& last, const Context&, RContext&, Attribute&) const {
        const Iterator start = first;
        while (first != last) {
            const char c = *first;
            if (isBlank(static_cast<unsigned char>(c))) {
                ++first;
            } else if (startsInlineComment(first, last)) {
                first = lineEndFrom(first, last);
            } else if (const char* next = c == '\n' ? continuationEnd(first, last) : nullptr) {
                first = next;
            } else {
                break;
            }
        }
        return first != start;
    }
};

const SkipParser skipper{};
using Skipper = SkipParser;

} // namespace cablespice::grammar
