#include "parser/elaborate/element_builders.hpp"

#include "parser/elaborate/behavioral_expression.hpp"
#include "solver/devices/behavioral_source.hpp"

namespace cablespice::elab {

// Bname n+ n- V=expr | I=expr   (ngspice; the expression with or without braces)
void buildBehavioralSource(CardReader& reader, ElabContext& context) {
    auto p = context.node(reader);
    auto n = p ? context.node(reader) : std::nullopt;
    if (!n) return;
    const bool voltage = reader.peekKeyword("v");
    if (!(voltage || reader.peekKeyword("i")) || !reader.peekKind(ast::TokenKind::Equals, 1)) {
        reader.errorExpected("V=expression or I=expression");
        return;
    }
    reader.take();
    reader.take();
    auto text = remainingExpressionText(reader, "an expression");
    if (!text) return;
    auto compiled = compileBehavioralExpression(*text, context);
    if (!compiled) return;
    using Output = solver::BehavioralSource::Output;
    auto& device = context.circuit().add<solver::BehavioralSource>(
        context.elementName(reader.head()), reader.card().range, voltage ? Output::Voltage : Output::Current, *p, *n,
        std::move(compiled->tape));
    bindExpressionReferences(context, device, std::move(compiled->references));
}

} // namespace cablespice::elab
