#include "parser/elaborate/literal_cards.hpp"

#include <cctype>

namespace cablespice::elab {

namespace {

bool startsLikeNumber(const std::string& text) {
    std::size_t i = (!text.empty() && (text[0] == '+' || text[0] == '-')) ? 1 : 0;
    if (i < text.size() && text[i] == '.') ++i;
    return i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]));
}

// After the two nodes: numbers, and name=number pairs (tc=TC1,TC2 too); nothing else.
bool passiveTailIsLiteral(const ast::Card& card) {
    const auto& tokens = card.tokens;
    for (std::size_t i = 3; i < tokens.size(); ++i) {
        const auto& token = tokens[i];
        if (token.kind == ast::TokenKind::Expression) return false;
        if (token.kind != ast::TokenKind::Word) continue;
        const bool key = i + 1 < tokens.size() && tokens[i + 1].kind == ast::TokenKind::Equals;
        if (!key && !startsLikeNumber(token.text)) return false;
    }
    return true;
}

} // namespace

bool isLiteralValueCard(const ast::Card& card) {
    if (card.tokens.size() < 3 || card.tokens[0].text.empty()) return false;
    switch (std::tolower(static_cast<unsigned char>(card.tokens[0].text[0]))) {
    case 'r':
    case 'c':
    case 'l':
        return card.tokens.size() >= 4 && card.tokens[1].kind == ast::TokenKind::Word &&
               card.tokens[2].kind == ast::TokenKind::Word && passiveTailIsLiteral(card);
    case 'k':
        for (const auto& token : card.tokens)
            if (token.kind == ast::TokenKind::Expression) return false;
        return startsLikeNumber(card.tokens.back().text);
    default:
        return false;
    }
}

} // namespace cablespice::elab
