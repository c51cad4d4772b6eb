#include "parser/elaborate/deck.hpp"

namespace cablespice::elab {

const std::string& Deck::displayName(const std::string& name) const {
    const WrittenElement* element = elements->find(name);
    return element ? element->displayName : name;
}

} // namespace cablespice::elab
