#pragma once
#include "parser/elaborate/elab_context.hpp"

namespace cablespice::elab {

// X card: X<name> node... SUBCKT [params:] [name=value ...]. Expands the definition's body in
// a new frame (hierarchical names, its own parameter scope) and adds an "in instance" note to
// every diagnostic found inside it.
void expandInstance(const ast::Card& card, ElabContext& context);

// Instances nest at most this deep (catches recursive subcircuits).
inline constexpr int kMaxInstanceDepth = 64;
// Instances multiply (two instances of the next subcircuit, 30 levels deep, is 2^30 copies,
// each copy repeating the body's diagnostics): no instance is expanded once the netlist has
// this many elements and instances (an error), or silently once this many errors are known.
inline constexpr std::size_t kMaxElaboratedElements = 100'000;
inline constexpr std::size_t kMaxErrorsBeforeExpansion = 100;

} // namespace cablespice::elab
