#pragma once
#include "parser/grammar/char_classes.hpp"
#include "parser/grammar/expression_scanner.hpp"
#include "parser/grammar/netlist_grammar.hpp"
#include "parser/grammar/skipper.hpp"

#include <boost/spirit/home/x3.hpp>

#include <optional>

// Rule definitions of the card grammar declared in netlist_grammar.hpp.
namespace cablespice::grammar {

namespace detail {

// The end of the word starting at `p`: word bytes and "double-quoted" parts (a '"' without
// its closing quote on the line is a word byte itself), up to a delimiter, blank, line end or
// '$' comment. A double-quoted part may hold blanks: .include "my dir/a.cir" is one word.
inline const char* wordEnd(const char* p, const char* last) {
    while (p != last) {
        const auto c = static_cast<unsigned char>(*p);
        if (c == '"') {
            const char* q = p + 1;
            while (q != last && isQuotedByte(static_cast<unsigned char>(*q))) ++q;
            p = q != last && *q == '"' ? q + 1 : p + 1;
        } else if (isWordByte(c) && !startsDollarComment(p, last)) {
            ++p;
        } else {
            break;
        }
    }
    return p;
}

inline std::optional<RawKind> punctuationKind(char c) {
    switch (c) {
    case '=': return RawKind::Equals;
    case '(': return RawKind::LParen;
    case ')': return RawKind::RParen;
    case ',': return RawKind::Comma;
    case '}': return RawKind::StrayBrace;
    default: return std::nullopt;
    }
}

// The token at `first` (past any skippable text), moving `first` past it; nothing at the line
// end that closes the card. Its first byte decides its kind: an expression's opening '{' or
// '\'', a one-byte token, a run of invalid bytes, else a word.
inline std::optional<RawToken> scanToken(const char*& first, const char* last) {
    const char c = *first;
    if (c == '{' || c == '\'') return scanExpression(first, last);
    const char* begin = first;
    if (auto kind = punctuationKind(c)) {
        ++first;
        return RawToken{*kind, begin, first, {}, {}};
    }
    if (isInvalidByte(static_cast<unsigned char>(c))) {
        while (first != last && isInvalidByte(static_cast<unsigned char>(*first))) ++first;
        return RawToken{RawKind::InvalidBytes, begin, first, {}, {}};
    }
    first = wordEnd(first, last);
    if (first == begin) return std::nullopt;
    return RawToken{RawKind::Word, begin, first, {}, {}};
}

// token = word | '=' | '(' | ')' | ',' | expression | stray '}' | invalid bytes, as one
// primitive that looks at the first byte: written as X3 alternatives of byte parsers, each
// trying its own skip first, the tokens cost ~400 instructions each, most of the parse of a
// large deck.
struct TokenParser : x3::parser<TokenParser> {
    using attribute_type = RawToken;
    static bool const has_attribute = true;

    template <typename Iterator, typename Context, typename RContext, typename Attribute>
    bool parse(Iterator& first, const Iterator& last, const Context& context, RContext&, Attribute& attr) const {
        x3::skip_over(first, last, context);
        if (first == last) return false;
        auto token = scanToken(first, last);
        if (!token) return false;
        x3::traits::move_to(std::move(*token), attr);
        return true;
    }
};

} // namespace detail

const auto card_def = +detail::TokenParser{};

BOOST_SPIRIT_DEFINE(card)

} // namespace cablespice::grammar
