#pragma once
#include "parser/elaborate/card_reader.hpp"
#include "parser/elaborate/elab_context.hpp"
#include "solver/devices/behavioral_source.hpp"
#include "solver/devices/expression_tape.hpp"

#include <optional>
#include <string>
#include <vector>

namespace cablespice::elab {

// A quantity a compiled expression reads: v(node) or i(element), resolved once every element
// exists (a node must be connected to some element, an element must own a branch current).
struct ExpressionReference {
    bool branch = false;                   // i(element); else v(node)
    std::optional<solver::Unknown> known;  // a subcircuit port (already a node of the caller)
    std::string mappedName;                // hierarchical node or element name
    std::string written;                   // as written, for messages
    SourceRange range;
};

// A tape whose variable k reads references[k].
struct CompiledExpression {
    solver::ExpressionTape tape;
    std::vector<ExpressionReference> references;
};

// Compiles a B-source expression once, at elaboration: parameters and .func bodies are folded
// in (a .func call is inlined), v(a), v(a,b), i(vname) become tape variables (v(0) is 0),
// `time` is the transient's time. Unknown names, functions and malformed v()/i() are errors at
// their position. Built-ins as ngspice's B source: see TapeOp and the README.
std::optional<CompiledExpression> compileBehavioralExpression(const ValueText& text, ElabContext& context);

// Defers binding `device`'s variables to `references` until every element exists.
void bindExpressionReferences(ElabContext& context, solver::BehavioralSource& device,
                              std::vector<ExpressionReference> references);

// The rest of the card as expression text, with every token at its own file offset (gaps,
// '+' continuations included, become blanks) so errors point into the card.
std::optional<ValueText> remainingExpressionText(CardReader& reader, std::string_view what);

} // namespace cablespice::elab
