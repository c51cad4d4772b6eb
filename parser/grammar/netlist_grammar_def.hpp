#pragma once
#include "parser/grammar/char_classes.hpp"
#include "parser/grammar/expression_scanner.hpp"
#include "parser/grammar/netlist_grammar.hpp"
#include "parser/grammar/skipper.hpp"

#include <boost/spirit/home/x3.hpp>

// Rule definitions of the card grammar declared in netlist_grammar.hpp.
namespace cablespice::grammar {

namespace detail {

// Semantic action: the matched bytes become a token of `kind`.
inline auto makeToken(RawKind kind) {
    return [kind](auto& ctx) {
        const auto& bytes = x3::_attr(ctx);
        x3::_val(ctx) = RawToken{kind, bytes.begin(), bytes.end(), {}, {}};
    };
}

const auto quotedText = x3::lit('"') >> *ByteClassParser<isQuotedByte>{} >> x3::lit('"');
const auto wordByte = ByteClassParser<isWordByte>{} - dollarCommentStart;

} // namespace detail

using TokenRule = x3::rule<class TokenId, RawToken>;
using WordRule = x3::rule<class WordId, RawToken>;
using PunctuationRule = x3::rule<class PunctuationId, RawToken>;
using StrayBraceRule = x3::rule<class StrayBraceId, RawToken>;
using InvalidBytesRule = x3::rule<class InvalidBytesId, RawToken>;

const TokenRule token = "token";
const WordRule word = "word";
const PunctuationRule punctuation = "punctuation";
const StrayBraceRule strayBrace = "'}'";
const InvalidBytesRule invalidBytes = "invalid bytes";

// A double-quoted part may hold blanks: .include "my dir/a.cir" is one word.
const auto word_def = x3::raw[x3::lexeme[+(detail::quotedText | detail::wordByte)]][detail::makeToken(RawKind::Word)];
const auto punctuation_def = x3::raw[x3::lit('=')][detail::makeToken(RawKind::Equals)]
                           | x3::raw[x3::lit('(')][detail::makeToken(RawKind::LParen)]
                           | x3::raw[x3::lit(')')][detail::makeToken(RawKind::RParen)]
                           | x3::raw[x3::lit(',')][detail::makeToken(RawKind::Comma)];
const auto strayBrace_def = x3::raw[x3::lit('}')][detail::makeToken(RawKind::StrayBrace)];
const auto invalidBytes_def =
    x3::raw[x3::lexeme[+ByteClassParser<isInvalidByte>{}]][detail::makeToken(RawKind::InvalidBytes)];
const auto token_def = word | punctuation | expression | strayBrace | invalidBytes;
const auto card_def = +token;

BOOST_SPIRIT_DEFINE(card, token, word, punctuation, strayBrace, invalidBytes)

} // namespace cablespice::grammar
