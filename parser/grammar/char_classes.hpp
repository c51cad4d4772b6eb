#pragma once
#include <boost/spirit/home/x3/char/char_parser.hpp>

// Byte classes of the netlist lexical grammar, and an X3 parser matching one byte of a class.
// Predicates take unsigned char so bytes >= 0x80 are classified, never sign-extended.
namespace cablespice::grammar {

namespace x3 = boost::spirit::x3;

// Separates tokens; '\n' is not blank because it ends a card.
constexpr bool isBlank(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f'; }

constexpr bool isNotNewline(unsigned char c) { return c != '\n'; }

// Control characters other than tab, CR, LF and form feed; DEL; and every byte >= 0x80.
constexpr bool isInvalidByte(unsigned char c) {
    if (c >= 0x7f) return true;
    return c < 0x20 && c != '\t' && c != '\r' && c != '\n' && c != '\f';
}

// Characters that form tokens of their own or open an expression, plus ';' (comment).
constexpr bool isDelimiter(unsigned char c) {
    switch (c) {
    case '=': case '(': case ')': case ',': case '{': case '}': case '\'': case ';': return true;
    default: return false;
    }
}

constexpr bool isWordByte(unsigned char c) {
    return c != '\n' && !isBlank(c) && !isInvalidByte(c) && !isDelimiter(c);
}

// Inside "double quotes" anything but the closing quote and the end of the line.
constexpr bool isQuotedByte(unsigned char c) { return c != '"' && c != '\n'; }

template <bool (*Predicate)(unsigned char)>
struct ByteClassParser : x3::char_parser<ByteClassParser<Predicate>> {
    using attribute_type = char;
    static bool const has_attribute = true;

    template <typename Char, typename Context>
    bool test(Char ch, const Context&) const {
        return Predicate(static_cast<unsigned char>(ch));
    }
};

} // namespace cablespice::grammar
