#pragma once
#include "parser/elaborate/deck.hpp"
#include "solver/circuit/topology_check.hpp"
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

// Whether every analysis of the deck is .ac, .cmrr or .noise (the operating point only linearizes).
bool isAcOnly(const Deck& deck);

// The first node of every group without a DC path to ground among `problems`, the findings of
// solver::checkDcTopology on the deck's finalized circuit (lumped lines have internal nodes).
std::vector<FloatingNode> floatingNodesAmong(const Deck& deck, const std::vector<solver::TopologyProblem>& problems);

// Adds gmin from each node to ground (before finalize).
void addGmin(const std::vector<FloatingNode>& nodes, solver::Circuit& circuit);
// One warning per node, naming it.
void warnGmin(const std::vector<FloatingNode>& nodes, DiagnosticSink& sink);

} // namespace cablespice::elab
