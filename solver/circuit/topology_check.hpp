#pragma once
#include "solver/circuit/circuit.hpp"

#include <vector>

namespace cablespice::solver {

enum class TopologyProblemKind { FloatingNode, VoltageLoop };

// A structural reason why the DC matrix is singular, in user-level terms.
struct TopologyProblem {
    TopologyProblemKind kind;
    Unknown node = kGround;               // FloatingNode: first node of the floating group
    std::vector<Unknown> nodes;           // FloatingNode: every node of the group
    std::vector<const Device*> devices;   // attached devices / devices forming the loop
};

// Finds nodes without a DC path to ground and loops of voltage-defining branches
// (V, E, H and inductors at DC). Runs on a finalized or unfinalized circuit.
std::vector<TopologyProblem> checkDcTopology(const Circuit& circuit);

} // namespace cablespice::solver
