#include "parser/elaborate/invariant_cards.hpp"

#include <cctype>

namespace cablespice::elab {

bool mayKeepInvariantElement(const ast::Card& card) {
    if (card.tokens.empty() || card.tokens[0].text.empty()) return false;
    switch (std::tolower(static_cast<unsigned char>(card.tokens[0].text[0]))) {
    case 'r':
    case 'c':
    case 'l':
    case 'v':
    case 'i':
    case 'e':
    case 'g': return true;
    default: return false;
    }
}

} // namespace cablespice::elab
