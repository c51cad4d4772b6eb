#include "parser/elaborate/element_builders.hpp"

#include "parser/elaborate/behavioral_expression.hpp"
#include "parser/elaborate/text_util.hpp"
#include "solver/devices/spice_polynomial.hpp"

#include <cmath>

namespace cablespice::elab {

namespace {

// POLY ( n ): the dimension, a whole number from 1 to 20.
std::optional<std::uint32_t> readDimension(CardReader& reader) {
    reader.take();  // POLY
    if (!reader.takeIf(ast::TokenKind::LParen)) {
        reader.errorExpected("'(' and the POLY dimension");
        return std::nullopt;
    }
    const ast::Token* token = reader.peek();
    auto value = reader.expectNumber("the POLY dimension");
    if (!value) return std::nullopt;
    if (!(*value >= 1.0 && *value <= 20.0 && *value == std::floor(*value))) {
        reader.error(*token, "POLY dimension must be a whole number from 1 to 20, not '" + token->text + "'");
        return std::nullopt;
    }
    if (!reader.takeIf(ast::TokenKind::RParen)) {
        reader.errorExpected("')'");
        return std::nullopt;
    }
    return static_cast<std::uint32_t>(*value);
}

// The tape variable of a node (one per distinct node; ground reads as 0).
struct PolyInputs {
    CompiledExpression compiled;
    std::vector<solver::ExpressionTape::Index> inputs;

    solver::ExpressionTape::Index node(solver::Unknown u, SourceRange range) {
        if (u == solver::kGround) return compiled.tape.constant(0.0);
        for (std::size_t k = 0; k < compiled.references.size(); ++k)
            if (compiled.references[k].known == u) return compiled.tape.variable(static_cast<std::uint32_t>(k));
        compiled.references.push_back({false, u, {}, {}, range});
        return compiled.tape.variable(static_cast<std::uint32_t>(compiled.references.size() - 1));
    }
};

// E and G: n pairs of controlling nodes, each input v(c+) - v(c-); a pair may be written
// (c+,c-) as PSpice libraries do.
bool readVoltageInputs(CardReader& reader, ElabContext& context, std::uint32_t dimension, PolyInputs& poly) {
    for (std::uint32_t k = 0; k < dimension; ++k) {
        const bool parenthesised = reader.takeIf(ast::TokenKind::LParen);
        const ast::Token* first = reader.peek();
        auto cp = context.node(reader, "controlling node name");
        if (cp && parenthesised) reader.takeIf(ast::TokenKind::Comma);
        auto cn = cp ? context.node(reader, "controlling node name") : std::nullopt;
        if (!cn) return false;
        if (parenthesised && !reader.takeIf(ast::TokenKind::RParen)) {
            reader.errorExpected("')' closing the controlling node pair");
            return false;
        }
        auto& tape = poly.compiled.tape;
        const auto plus = poly.node(*cp, first->range);
        poly.inputs.push_back(tape.binary(solver::TapeOp::Subtract, plus, poly.node(*cn, first->range)));
    }
    return true;
}

// F and H: n controlling voltage sources, each input its branch current.
bool readCurrentInputs(CardReader& reader, ElabContext& context, std::uint32_t dimension, PolyInputs& poly) {
    for (std::uint32_t k = 0; k < dimension; ++k) {
        if (!reader.peekKind(ast::TokenKind::Word)) {
            reader.errorExpected("controlling voltage source name");
            return false;
        }
        const ast::Token& token = reader.take();
        const std::string written = toLower(token.text);
        poly.compiled.references.push_back({true, std::nullopt, context.elementName(written), written, token.range});
        poly.inputs.push_back(poly.compiled.tape.variable(static_cast<std::uint32_t>(poly.compiled.references.size() - 1)));
    }
    return true;
}

// p0 p1 ... to the end of the card. SPICE2: POLY(1) with one coefficient is p1 (p0 = 0).
std::optional<std::vector<double>> readCoefficients(CardReader& reader, std::uint32_t dimension) {
    std::vector<double> coefficients;
    while (!reader.atEnd()) {
        auto value = reader.expectNumber("a POLY coefficient");
        if (!value) return std::nullopt;
        coefficients.push_back(*value);
    }
    if (coefficients.empty()) {
        reader.errorExpected("POLY coefficients");
        return std::nullopt;
    }
    if (dimension == 1 && coefficients.size() == 1) coefficients.insert(coefficients.begin(), 0.0);
    return coefficients;
}

} // namespace

bool isPolyCard(const CardReader& reader) {
    const ast::Token* token = reader.peek(2);
    return token && token->kind == ast::TokenKind::Word && equalsIgnoreCase(token->text, "poly") &&
           reader.peekKind(ast::TokenKind::LParen, 3);
}

// NAME n+ n- POLY(n) controls... p0 p1 ...: E/G with n node pairs, F/H with n source names.
void buildPolySource(CardReader& reader, ElabContext& context, char letter) {
    auto p = context.node(reader);
    auto n = p ? context.node(reader) : std::nullopt;
    if (!n) return;
    auto dimension = readDimension(reader);
    if (!dimension) return;
    const bool currentControlled = letter == 'f' || letter == 'h';
    const double m = context.frame().multiplier;
    if (currentControlled && m != 1.0) {
        reader.error(reader.head(), "POLY source '" + reader.head().text +
                                        "' cannot be multiplied (it is inside a subcircuit instance with m=)");
        return;
    }
    PolyInputs poly;
    const bool read = currentControlled ? readCurrentInputs(reader, context, *dimension, poly)
                                        : readVoltageInputs(reader, context, *dimension, poly);
    if (!read) return;
    auto coefficients = readCoefficients(reader, *dimension);
    if (!coefficients) return;
    if (letter == 'g')  // m parallel copies of a controlled current source
        for (double& c : *coefficients) c *= m;
    solver::appendPolynomial(poly.compiled.tape, poly.inputs, *coefficients);
    poly.compiled.tape.finish(poly.compiled.references.size());
    using Output = solver::BehavioralSource::Output;
    const bool voltage = letter == 'e' || letter == 'h';
    auto& device = context.circuit().add<solver::BehavioralSource>(
        context.elementName(reader.head()), reader.card().range, voltage ? Output::Voltage : Output::Current, *p, *n,
        std::move(poly.compiled.tape));
    bindExpressionReferences(context, device, std::move(poly.compiled.references));
}

} // namespace cablespice::elab
