#pragma once
#include "solver/support/source_range.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <unordered_map>
#include <vector>

// Plain, position-tagged parse tree of a SPICE netlist. A card is one logical line
// (continuations joined by position, never by rewriting text). Elaboration interprets
// the tokens per element letter / dot-card keyword.
namespace cablespice::ast {

enum class TokenKind {
    Word,        // name, node, number or keyword, as written (e.g. "R1", "10k", "dc", "v(out)" is NOT one word)
    Equals,      // =
    LParen,      // (
    RParen,      // )
    Comma,       // ,
    Expression,  // {expr} or 'expr'; text holds the inside without delimiters
};

struct Token {
    TokenKind kind = TokenKind::Word;
    std::string text;   // original spelling (case preserved)
    SourceRange range;  // exact position in the original buffer (for Expression: including delimiters)
};

struct Card {
    SourceRange range;          // from first token to last token of the logical line
    std::vector<Token> tokens;  // tokens[0] is the element name or the dot keyword (".tran")
};

struct Netlist {
    std::string title;
    SourceRange titleRange;
    std::vector<Card> cards;  // in order, with .include'd files' cards spliced in place
    bool hasEnd = false;
    // The folder of every file the cards come from (file id -> folder): relative paths on
    // cards (.wave, wavefile=) are taken from the folder of the file that holds the card.
    std::unordered_map<std::uint32_t, std::filesystem::path> folders;
};

} // namespace cablespice::ast
