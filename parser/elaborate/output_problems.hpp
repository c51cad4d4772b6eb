#pragma once
#include "parser/elaborate/elab_context.hpp"

#include <string_view>

namespace cablespice::elab {

// Output cards (.print, .plot, .probe, .save, .meas) never stop a run: an item that cannot be
// read or evaluated is left out with a warning, and the simulation and every other output go
// on. Items are read into a sink of their own; this forwards its diagnostics to the
// context's sink, errors turned into warnings that end in "; <leftOut>" (e.g. "item left
// out"), unless --strict keeps them errors.
void reportOutputProblems(DiagnosticSink& itemSink, ElabContext& context, std::string_view leftOut);

} // namespace cablespice::elab
