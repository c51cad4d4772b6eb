#pragma once

// Byte classes of the netlist lexical grammar.
// Predicates take unsigned char so bytes >= 0x80 are classified, never sign-extended.
namespace cablespice::grammar {

// Separates tokens; '\n' is not blank because it ends a card.
constexpr bool isBlank(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f'; }

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

} // namespace cablespice::grammar
