#pragma once
#include "parser/elaborate/deck.hpp"
#include "solver/output/result_sink.hpp"

#include <vector>

namespace cablespice::app {

// A vector kept in the rawfile/CSV: its ngspice name and the unknown it reads.
struct SavedVector {
    solver::VectorInfo info;
    solver::Unknown unknown;
};

// The .save list, or every node voltage and branch current (in unknown order) without one.
std::vector<SavedVector> savedVectors(const elab::Deck& deck);

} // namespace cablespice::app
