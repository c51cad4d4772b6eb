#pragma once
#include "parser/ast/netlist_ast.hpp"

namespace cablespice::elab {

// An R, C, L or K card whose values are all written as numbers: no {expression}, no model
// name, no parameter. Its device is the same at every point of a run (at one temperature), so
// a point that reuses the circuit (ElaborationOptions::reuse) does not build it again.
bool isLiteralValueCard(const ast::Card& card);

} // namespace cablespice::elab
