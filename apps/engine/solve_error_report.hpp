#pragma once
#include "parser/elaborate/deck.hpp"
#include "solver/circuit/topology_check.hpp"
#include "solver/support/diagnostic.hpp"
#include "solver/support/outcome.hpp"

namespace cablespice::app {

// User-level diagnostics for structural DC problems (floating nodes, voltage loops).
std::vector<Diagnostic> describeTopologyProblems(const elab::Deck& deck,
                                                 const std::vector<solver::TopologyProblem>& problems);
// A numeric failure named with node and element names, positioned at an attached element.
Diagnostic describeSolveError(const elab::Deck& deck, const solver::SolveError& error, SourceRange analysisOrigin);

} // namespace cablespice::app
