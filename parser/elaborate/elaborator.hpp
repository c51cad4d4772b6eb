#pragma once
#include "parser/ast/netlist_ast.hpp"
#include "parser/elaborate/deck.hpp"
#include "solver/support/diagnostic.hpp"

namespace cablespice::elab {

// Parse tree -> finalized circuit, analyses and output requests. Collects every problem into
// `sink`; throws SourceError holding all diagnostics (warnings included) when any is an error.
// On success the sink keeps the warnings.
Deck elaborate(const ast::Netlist& netlist, DiagnosticSink& sink);

} // namespace cablespice::elab
