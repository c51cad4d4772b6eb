#pragma once
#include "parser/elaborate/card_reader.hpp"
#include "parser/elaborate/elab_context.hpp"

namespace cablespice::elab {

// .wave "file.wav" NBITS SRATE V(out) [V(out2) ...] (appends a WaveSpec to the deck).
void readWave(CardReader& reader, ElabContext& context);
// Resolves the vectors of every .wave (after finalize) and checks that a .tran runs.
void resolveWaves(ElabContext& context);

} // namespace cablespice::elab
