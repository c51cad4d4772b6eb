#pragma once
#include "parser/elaborate/card_reader.hpp"
#include "parser/elaborate/elab_context.hpp"

namespace cablespice::elab {

void readOp(CardReader& reader, ElabContext& context);
void readDc(CardReader& reader, ElabContext& context);
void readAc(CardReader& reader, ElabContext& context);
void readTran(CardReader& reader, ElabContext& context);
void readCmrr(CardReader& reader, ElabContext& context);
void readNoise(CardReader& reader, ElabContext& context);
void readSens(CardReader& reader, ElabContext& context);

} // namespace cablespice::elab
