#pragma once
#include "parser/ast/netlist_ast.hpp"
#include "parser/elaborate/deck.hpp"
#include "solver/support/diagnostic.hpp"

#include <string>
#include <vector>

namespace cablespice::elab {

// -D NAME=VALUE from the command line: replaces a top-level .param before elaboration.
struct ParamOverride {
    std::string name;
    std::string value;  // a number or an expression
};

// Parse tree -> finalized circuit, analyses and output requests. Collects every problem into
// `sink`; throws SourceError holding all diagnostics (warnings included) when any is an error.
// On success the sink keeps the warnings.
Deck elaborate(const ast::Netlist& netlist, DiagnosticSink& sink, const std::vector<ParamOverride>& overrides = {});

} // namespace cablespice::elab
