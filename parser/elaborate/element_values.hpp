#pragma once
#include "parser/elaborate/elab_context.hpp"

#include <string>
#include <utility>
#include <vector>

namespace cablespice::elab {

// Sets an element's primary value (R, C, L, K coefficient, V/I DC value, E/F/G/H gain), as
// `.step R1 ...` asks; returns false for an element without one.
bool setPrimaryValue(solver::Device& device, double value);

// Applies .step element values; an unknown element is an error.
void applyElementValues(const std::vector<std::pair<std::string, double>>& values, ElabContext& context);

} // namespace cablespice::elab
