#pragma once
#include "parser/elaborate/card_reader.hpp"
#include "parser/elaborate/elab_context.hpp"

namespace cablespice::elab {

// Dot cards: analyses (.op .dc .ac .tran), outputs (.print .plot .save), .options and .ic.
// Cards that later versions implement get "not supported yet" warnings; unknown ones a warning.
void handleControlCard(const ast::Card& card, ElabContext& context);

// Checks that analyses refer to existing elements (run after all cards are read).
void checkAnalysisReferences(ElabContext& context);

} // namespace cablespice::elab
