#pragma once
#include "parser/elaborate/elab_context.hpp"

namespace cablespice::elab {

// Turns the waveform requests of V/I sources into Waveform objects once .tran is known
// (PULSE defaults depend on TSTEP and TSTOP); reports bad arguments at the waveform.
void buildWaveforms(ElabContext& context);

} // namespace cablespice::elab
