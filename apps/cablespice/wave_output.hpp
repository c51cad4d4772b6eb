#pragma once
#include "apps/engine/recorded_analysis.hpp"
#include "parser/elaborate/deck.hpp"
#include "solver/support/diagnostic.hpp"

#include <vector>

namespace cablespice::app {

// Writes every .wave file from the first recorded transient: each vector linearly
// interpolated at t0 + k/SRATE (t0 the first time point, up to the last), one channel each,
// +-1 full scale. Samples beyond +-1 are clipped with a warning at the card; a file that cannot
// be written is an error there (and is not left half-written).
void writeWaves(const elab::Deck& deck, const std::vector<RecordedAnalysis>& analyses, std::vector<Diagnostic>& diagnostics);

} // namespace cablespice::app
