#pragma once
#include "parser/elaborate/elab_context.hpp"

namespace cablespice::elab {

// X card: X<name> node... SUBCKT [params:] [name=value ...]. Expands the definition's body in
// a new frame (hierarchical names, its own parameter scope) and adds an "in instance" note to
// every diagnostic found inside it.
void expandInstance(const ast::Card& card, ElabContext& context);

// Instances nest at most this deep (catches recursive subcircuits).
inline constexpr int kMaxInstanceDepth = 64;

} // namespace cablespice::elab
