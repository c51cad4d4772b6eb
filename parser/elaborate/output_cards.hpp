#pragma once
#include "parser/elaborate/card_reader.hpp"
#include "parser/elaborate/elab_context.hpp"

namespace cablespice::elab {

// .print [op|dc|ac|tran] ITEMS   .plot likewise   .save ITEMS|all
void readPrint(CardReader& reader, ElabContext& context);
void readSave(CardReader& reader, ElabContext& context);
// Resolves node and element names of every output request (after finalize).
void resolveOutputs(ElabContext& context);

} // namespace cablespice::elab
