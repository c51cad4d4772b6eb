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

const auto skipper = blank | inlineComment | continuation;
using Skipper = std::remove_cv_t<decltype(skipper)>;

} // namespace cablespice::grammar
