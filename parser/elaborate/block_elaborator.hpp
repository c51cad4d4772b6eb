#pragma once
#include "parser/elaborate/elab_context.hpp"
#include "parser/elaborate/subckt_definitions.hpp"

namespace cablespice::elab {

// Elaborates the cards of a block (the top level or one subcircuit instance) in the current
// frame: first its .param/.func cards (so references may point forward), then the rest.
void elaborateBlock(const SubcktDefinition& block, ElabContext& context);
// Defines the block's .param and .func cards in the current frame's scope.
void defineBlockParams(const SubcktDefinition& block, ElabContext& context);
// Reads the block's .model cards. After the parameters and, at the top level, after the -D and
// .step values are applied: a model's {expressions} must see the point's values.
void defineBlockModels(const SubcktDefinition& block, ElabContext& context);
// The cards of the block other than .param/.func, in order.
void elaborateBlockCards(const SubcktDefinition& block, ElabContext& context);

} // namespace cablespice::elab
