#pragma once
#include "parser/elaborate/card_reader.hpp"
#include "parser/elaborate/elab_context.hpp"

namespace cablespice::elab {

// Dispatches an element card on its first letter; reports unknown or not-yet-supported letters.
void buildElement(const ast::Card& card, ElabContext& context);

} // namespace cablespice::elab
