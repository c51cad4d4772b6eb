#pragma once
#include "parser/grammar/raw_token.hpp"
#include "parser/grammar/skipper.hpp"

#include <boost/spirit/home/x3.hpp>

#include <vector>

// Declaration of the card grammar (rexpr_full layout): this header declares the rule and
// the parse configuration, netlist_grammar_def.hpp defines it, and
// grammar_instantiations.cpp instantiates it once for `const char*` over the original
// buffer with the netlist skipper. Users include only this header.
//
// A card is every token of one logical line, continuation lines included:
//   card  = +token
//   token = word | '=' | '(' | ')' | ',' | expression | stray '}' | invalid bytes
// The malformed alternatives let the scan go on after a bad byte; the tokenizer reports
// them. The grammar cannot fail on any byte except the line end that closes the card.
namespace cablespice::grammar {

using Iterator = const char*;
using Context = x3::phrase_parse_context<Skipper>::type;

using CardRule = x3::rule<class CardId, std::vector<RawToken>>;
const CardRule card = "card";
BOOST_SPIRIT_DECLARE(CardRule)

} // namespace cablespice::grammar
