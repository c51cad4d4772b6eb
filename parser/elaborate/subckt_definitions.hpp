#pragma once
#include "parser/ast/netlist_ast.hpp"
#include "parser/elaborate/card_reader.hpp"
#include "solver/support/diagnostic.hpp"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace cablespice::elab {

struct SubcktParamDefault {
    std::string name;
    ValueText value;
    SourceRange origin;
};

// A .subckt ... .ends block (or the top level of the netlist, which has no name): its cards
// in order, and the subcircuits defined directly inside it (nested definitions are local).
struct SubcktDefinition {
    std::string name;  // lower-case; empty for the top level
    std::vector<std::string> ports;
    std::vector<SubcktParamDefault> params;
    std::vector<const ast::Card*> body;
    std::map<std::string, std::unique_ptr<SubcktDefinition>> nested;
    SourceRange origin;
    const SubcktDefinition* parent = nullptr;

    // Looks the name up here, then in enclosing definitions.
    const SubcktDefinition* find(const std::string& subcktName) const;
};

// Splits the cards into the top level and the .subckt definitions; reports unbalanced
// .subckt/.ends and duplicate definitions.
std::unique_ptr<SubcktDefinition> collectDefinitions(const ast::Netlist& netlist, DiagnosticSink& sink);

} // namespace cablespice::elab
