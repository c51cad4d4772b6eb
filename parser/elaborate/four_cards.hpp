#pragma once
#include "parser/elaborate/card_reader.hpp"
#include "parser/elaborate/elab_context.hpp"

namespace cablespice::elab {

// .four FREQ [NHARM] OV1 [OV2 ...] (appends a FourierSpec to the deck).
void readFour(CardReader& reader, ElabContext& context);
// Resolves the vectors of every .four (after finalize) and checks that a .tran runs.
void resolveFourier(ElabContext& context);

} // namespace cablespice::elab
