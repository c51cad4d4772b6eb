#pragma once
#include "parser/elaborate/deck.hpp"

#include <cstdint>
#include <iosfwd>

namespace cablespice::app {

// The seed of a stepped run's random draws: `.options seed=N` when given, else a fresh one.
// A deck with random functions and no seed gets the seed printed to `err`, so that the run
// can be repeated exactly.
std::uint64_t monteCarloSeed(const elab::Deck& base, std::ostream& err);

} // namespace cablespice::app
