#pragma once
#include "parser/elaborate/card_reader.hpp"
#include "parser/elaborate/elab_context.hpp"

#include <optional>
#include <string_view>
#include <vector>

namespace cablespice::elab {

// .print [op|dc|ac|tran|cmrr] ITEMS   .save ITEMS|all
void readPrint(CardReader& reader, ElabContext& context);
// .plot [op|dc|ac|tran] ITEMS: printed like .print and drawn by --plot;
// .plot cmrr adm|acm|cmrr|vdb(acm)...: drawn by --plot (the CMRR table always prints).
void readPlot(CardReader& reader, ElabContext& context);
void readSave(CardReader& reader, ElabContext& context);
// Resolves node and element names of every output request (after finalize).
void resolveOutputs(ElabContext& context);
// The rest of a card that lists transient waveforms (.four, .wave): v(...) or i(...) items,
// at least one; nullopt (errors reported, starting with `card`) otherwise.
std::optional<std::vector<OutputVector>> readWaveformVectors(CardReader& reader, ElabContext& context,
                                                             std::string_view card);
// After finalize: the card needs a .tran (an error at `origin` otherwise), and each vector is
// resolved through the one resolver (an error at a vector that names nothing).
void resolveWaveformVectors(std::vector<OutputVector>& vectors, SourceRange origin, std::string_view card,
                            ElabContext& context);

} // namespace cablespice::elab
