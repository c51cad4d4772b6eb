#pragma once
#include "parser/ast/netlist_ast.hpp"

#include <algorithm>
#include <string_view>

// Case-insensitive keyword tests on tokens (".END", ".Include", ...).
namespace cablespice::grammar {

constexpr char toLowerAscii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

constexpr bool equalsIgnoringCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return toLowerAscii(x) == toLowerAscii(y); });
}

// True if `token` is the word `keyword` in any letter case (keyword given in lower case).
inline bool isKeyword(const ast::Token& token, std::string_view keyword) {
    return token.kind == ast::TokenKind::Word && equalsIgnoringCase(token.text, keyword);
}

} // namespace cablespice::grammar
