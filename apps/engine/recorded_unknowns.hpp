#pragma once
#include "parser/elaborate/deck.hpp"

#include <optional>
#include <span>
#include <vector>

namespace cablespice::app {

// The unknowns of `deck`'s circuit that its outputs read from recorded solutions, sorted: what
// .save writes, what .print, .plot, .meas, .four and .wave read, and `alsoRead` (the command
// line's --plot-vectors). nullopt, record every unknown: the deck has no .save (the rawfile
// and CSV write them all), or an output names every vector (v(*)). A vector that cannot be
// located reads nothing: its reader reports why when it looks for it.
std::optional<std::vector<solver::Unknown>> recordedUnknowns(const elab::Deck& deck,
                                                              std::span<const elab::OutputVector> alsoRead = {});

} // namespace cablespice::app
