#pragma once
#include "parser/elaborate/elab_context.hpp"

namespace cablespice::elab {

// The inductance matrix built from all L and K elements must be positive semidefinite
// (otherwise the stored magnetic energy could be negative); reports the K cards involved.
void checkCouplingMatrix(ElabContext& context);

} // namespace cablespice::elab
