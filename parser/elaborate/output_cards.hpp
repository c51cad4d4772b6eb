#pragma once
#include "parser/elaborate/card_reader.hpp"
#include "parser/elaborate/elab_context.hpp"

#include <optional>
#include <string_view>
#include <vector>

namespace cablespice::elab {

// Which words without parentheses an output list takes as vectors: none (.print, .save), the
// CMRR plot's adm, acm, cmrr (.plot cmrr), or any name (--plot-vectors: an own vector of the
// plot drawn, else a node voltage).
enum class BareNames { None, CmrrVectors, Any };

// The one grammar of output items, shared by .print, .plot, .save and --plot-vectors: reads the
// item at the reader into `items` and moves the reader past it (a word with its parenthesised
// arguments, or one token), problems going to `itemSink`. An item is FUNC(a[,b]) (v, vdb, i,
// p, ...; `*` for every node or branch), db|mag|ph|phase|real|imag(VECTOR) around one of
// those or a bare name the list takes, a bare name, `all`, or a {expression} (only with a
// `context`: it names the netlist's .params and .funcs).
void readOutputItem(CardReader& reader, ElabContext* context, BareNames bare, std::vector<OutputVector>& items,
                    DiagnosticSink& itemSink);

// A wildcard item (v(*), vdb(*), i(*), p(*), ...) as one vector per node (v-family), branch
// current (i-family) or element (p), in unknown (netlist) order.
std::vector<OutputVector> expandWildcard(const OutputVector& wildcard, const solver::Circuit& circuit);

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
