#include "parser/elaborate/deck.hpp"

namespace cablespice::elab {

const std::string& Deck::displayName(const std::string& name) const {
    auto it = elements->find(name);
    return it == elements->end() ? name : it->second.displayName;
}

} // namespace cablespice::elab
