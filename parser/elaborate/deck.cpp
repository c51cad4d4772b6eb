#include "parser/elaborate/deck.hpp"

namespace cablespice::elab {

const std::string& Deck::displayName(const std::string& name) const {
    auto it = displayNames->find(name);
    return it == displayNames->end() ? name : it->second;
}

} // namespace cablespice::elab
