#pragma once
#include "parser/elaborate/card_reader.hpp"
#include "parser/elaborate/elab_context.hpp"

namespace cablespice::elab {

// .print [op|dc|ac|tran|cmrr] ITEMS   .save ITEMS|all
void readPrint(CardReader& reader, ElabContext& context);
// .plot [op|dc|ac|tran] ITEMS: printed like .print and drawn by --plot;
// .plot cmrr adm|acm|cmrr|vdb(acm)...: drawn by --plot (the CMRR table always prints).
void readPlot(CardReader& reader, ElabContext& context);
void readSave(CardReader& reader, ElabContext& context);
// Resolves node and element names of every output request (after finalize).
void resolveOutputs(ElabContext& context);
// One vector v(n), v(a,b), i(vname), vdb(n), ... for cards that list vectors (.four), and its
// resolution after finalize (false, with an error reported, when a name is unknown).
std::optional<OutputVector> readOutputVector(CardReader& reader);
bool resolveOutputVector(OutputVector& item, ElabContext& context);

} // namespace cablespice::elab
