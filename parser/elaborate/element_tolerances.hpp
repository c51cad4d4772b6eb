#pragma once
#include "parser/ast/netlist_ast.hpp"
#include "parser/elaborate/deck.hpp"
#include "parser/elaborate/elaborator.hpp"

namespace cablespice::elab {

// Fills every .sens cmrr (ImbalanceBudgetSpec) of a nominal deck with its elements' spreads:
// the netlist is elaborated again with one random draw at a time moved by +-h of its standard
// deviation (RandomProbe), and each element value's central difference gives d p / d draw (so
// a value that is any expression of random functions and parameters, in any subcircuit, is
// linearised exactly as written; a draw in a .param shared by several elements correlates
// them). R, L and C with no random function get .options deftol as a relative standard
// deviation (an independent draw each). Independent sources are not toleranced (the budget is
// of the network, the sources being the .cmrr's unit excitations). A deck with .step is an
// error: the budget is of the nominal circuit.
void fillImbalanceBudgets(const ast::Netlist& netlist, const ElaborationOptions& options, Deck& deck,
                          DiagnosticSink& sink);

} // namespace cablespice::elab
