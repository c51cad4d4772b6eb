#pragma once
#include "parser/elaborate/card_reader.hpp"
#include "parser/elaborate/elab_context.hpp"

namespace cablespice::elab {

// .model NAME TYPE [(] name=value [value ...] ... [)]
void readModel(CardReader& reader, ElabContext& context);

} // namespace cablespice::elab
