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

const auto blank = ByteClassParser<isBlank>{};
const auto restOfLine = *ByteClassParser<isNotNewline>{};
const auto lineEnd = x3::lit('\n');

// '$' starts a comment only before a blank or the line end (ngspice), so "a$b" is one word.
const auto dollarCommentStart = x3::lit('$') >> &(blank | lineEnd | x3::eoi);
const auto inlineComment = (x3::lit(';') | dollarCommentStart) >> restOfLine;
const auto commentLine = *blank >> x3::lit('*') >> restOfLine;
const auto gapLine = (commentLine | (*blank >> -inlineComment)) >> lineEnd;
const auto continuation = lineEnd >> *gapLine >> *blank >> x3::lit('+');

// `p` (before `last`) starts a '$' comment.
inline bool startsDollarComment(const char* p, const char* last) {
    return *p == '$' && (p + 1 == last || p[1] == '\n' || isBlank(static_cast<unsigned char>(p[1])));
}

// Whether the line after the line end at `p` could continue the card: its first non-blank byte
// is '+', or it is a comment or blank line (gapLine), which the continuation may cross. Most
// cards end at a line end followed by the next card, and this spares them the full parse.
inline bool mayContinue(const char* p, const char* last) {
    ++p;
    while (p != last && isBlank(static_cast<unsigned char>(*p))) ++p;
    if (p == last) return false;
    const char c = *p;
    return c == '+' || c == '*' || c == ';' || c == '$' || c == '\n';
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
            } else if (c == ';' || startsDollarComment(first, last)) {
                while (first != last && *first != '\n') ++first;
            } else if (c != '\n' || !mayContinue(first, last) || !x3::parse(first, last, continuation)) {
                break;  // x3::parse leaves `first` where it was when the continuation fails
            }
        }
        return first != start;
    }
};

const SkipParser skipper{};
using Skipper = SkipParser;

} // namespace cablespice::grammar
