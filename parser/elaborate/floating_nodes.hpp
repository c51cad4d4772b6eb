#pragma once
#include "parser/elaborate/deck.hpp"
#include "solver/support/diagnostic.hpp"

#include <string>
#include <vector>

namespace cablespice::elab {

// In a deck whose analyses are all .ac (or .cmrr), the operating point only linearizes the
// circuit, so a node without a DC path to ground (reached only through capacitors or current
// sources) is solved as ngspice solves it: with gmin, 1e-12 S, from the node to ground, and a
// warning naming the node. With .op, .dc or .tran such a node stays an error (its DC voltage
// would be an artefact of gmin).
struct FloatingNode {
    std::string name;
    SourceRange origin;  // an element connected to it
};

// The first node of every group without a DC path to ground, when the deck is AC-only
// (empty otherwise). The circuit must be finalized (lumped lines have internal nodes).
std::vector<FloatingNode> floatingNodesOfAcDeck(const Deck& deck);

// Adds gmin from each node to ground (before finalize).
void addGmin(const std::vector<FloatingNode>& nodes, solver::Circuit& circuit);
// One warning per node, naming it.
void warnGmin(const std::vector<FloatingNode>& nodes, DiagnosticSink& sink);

} // namespace cablespice::elab
