#pragma once
#include "parser/elaborate/card_reader.hpp"
#include "parser/elaborate/elab_context.hpp"

namespace cablespice::elab {

// .param name=value ... into the current frame's scope (evaluated lazily).
void readParam(CardReader& reader, ElabContext& context);
// .func name(arg, ...) [=] {expr}
void readFunction(CardReader& reader, ElabContext& context);

} // namespace cablespice::elab
