#pragma once
#include "parser/elaborate/card_reader.hpp"
#include "parser/elaborate/elab_context.hpp"

namespace cablespice::elab {

// .options NAME[=VALUE] ... (reltol abstol vntol chgtol gmin trtol itl1 itl2 itl4 method maxord temp tnom)
void readOptions(CardReader& reader, ElabContext& context);
// .temp T (°C): the circuit temperature, over .options temp=
void readTemperature(CardReader& reader, ElabContext& context);
// .ic v(node)=value ...
void readInitialConditions(CardReader& reader, ElabContext& context);
// .nodeset v(node)=value ...: starting values for a nonlinear circuit's operating point
void readNodesets(CardReader& reader, ElabContext& context);

} // namespace cablespice::elab
