#include "parser/grammar/expression_grammar.hpp"

#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <string>
#include <variant>

using namespace cablespice;
using namespace cablespice::expr;

namespace {

// Expressions in these tests start at offset 100 of file 1, so every expected offset is
// 100 + the column in the expression text.
constexpr SourceLoc start{1, 100};

std::string sexpr(const Expression& e, NodeIndex index) {
    const Node& node = e.node(index);
    if (const auto* n = std::get_if<NumberNode>(&node.kind)) return fmt::format("{}", n->value);
    if (const auto* n = std::get_if<IdentifierNode>(&node.kind)) return n->name;
    if (const auto* n = std::get_if<UnaryNode>(&node.kind)) {
        const char* op = n->op == UnaryOp::Negate ? "neg" : spelling(n->op);
        return fmt::format("({} {})", op, sexpr(e, n->operand));
    }
    if (const auto* n = std::get_if<BinaryNode>(&node.kind)) {
        return fmt::format("({} {} {})", spelling(n->op), sexpr(e, n->lhs), sexpr(e, n->rhs));
    }
    if (const auto* n = std::get_if<TernaryNode>(&node.kind)) {
        return fmt::format("(? {} {} {})", sexpr(e, n->condition), sexpr(e, n->whenTrue), sexpr(e, n->whenFalse));
    }
    const auto& call = std::get<CallNode>(node.kind);
    std::string text = "(call " + call.name;
    for (NodeIndex arg : call.args) text += " " + sexpr(e, arg);
    return text + ")";
}

Expression parseOk(const std::string& text) {
    DiagnosticSink sink;
    std::optional<Expression> expression = parseExpression(text, start, sink);
    INFO("text: " << text);
    for (const Diagnostic& d : sink.diagnostics()) INFO("diagnostic: " << d.message);
    REQUIRE(sink.diagnostics().empty());
    REQUIRE(expression.has_value());
    return std::move(*expression);
}

std::string tree(const std::string& text) {
    Expression e = parseOk(text);
    return sexpr(e, e.root);
}

std::vector<Diagnostic> parseErrors(const std::string& text) {
    DiagnosticSink sink;
    std::optional<Expression> expression = parseExpression(text, start, sink);
    INFO("text: " << text);
    CHECK_FALSE(expression.has_value());
    return sink.take();
}

Diagnostic onlyError(const std::string& text) {
    std::vector<Diagnostic> errors = parseErrors(text);
    INFO("text: " << text);
    REQUIRE(errors.size() == 1);
    return errors.front();
}

} // namespace

TEST_CASE("binary operators follow the documented precedence levels", "[expression]") {
    CHECK(tree("1 + 2 * 3") == "(+ 1 (* 2 3))");
    CHECK(tree("(1 + 2) * 3") == "(* (+ 1 2) 3)");
    CHECK(tree("a || b && c") == "(|| a (&& b c))");
    CHECK(tree("a && b == c") == "(&& a (== b c))");
    CHECK(tree("a == b < c") == "(== a (< b c))");
    CHECK(tree("a != b >= c + d") == "(!= a (>= b (+ c d)))");
    CHECK(tree("a < b <= c > d") == "(> (<= (< a b) c) d)");
    CHECK(tree("a + b / c ^ d") == "(+ a (/ b (^ c d)))");
    CHECK(tree("a || b ? c : d") == "(? (|| a b) c d)");
}

TEST_CASE("arithmetic operators are left-associative and powers right-associative", "[expression]") {
    CHECK(tree("1 - 2 - 3") == "(- (- 1 2) 3)");
    CHECK(tree("8 / 4 / 2") == "(/ (/ 8 4) 2)");
    CHECK(tree("2 ^ 3 ^ 2") == "(^ 2 (^ 3 2))");
    CHECK(tree("2 ** 3 ** 2") == "(^ 2 (^ 3 2))");
    CHECK(tree("2 ** 3 * 4") == "(* (^ 2 3) 4)");
    CHECK(tree("a ? b : c ? d : e") == "(? a b (? c d e))");
}

TEST_CASE("unary minus binds looser than the power operator as in ngspice", "[expression]") {
    CHECK(tree("-2^2") == "(neg (^ 2 2))");
    CHECK(tree("-2**2") == "(neg (^ 2 2))");
    CHECK(tree("(-2)^2") == "(^ (neg 2) 2)");
    CHECK(tree("2^-1") == "(^ 2 (neg 1))");
    CHECK(tree("-a * b") == "(* (neg a) b)");
    CHECK(tree("!a == b") == "(== (! a) b)");
    CHECK(tree("- - +1") == "(neg (neg (+ 1)))");
}

TEST_CASE("numbers inside expressions use SPICE suffixes and units", "[expression]") {
    CHECK(tree("2*1k") == "(* 2 1000)");
    CHECK(tree("1meg/2") == "(/ 1000000 2)");
    CHECK(tree("4k7") == "4700");
    CHECK(tree("1e-3-1") == "(- 0.001 1)");
    CHECK(tree("2.5u") == "2.5e-06");
    CHECK(tree("10kohm") == "10000");
    CHECK(tree(".5+5.") == "(+ 0.5 5)");
    CHECK(tree("1K - 1MEG") == "(- 1000 1000000)");
}

TEST_CASE("identifiers are lower-cased and may contain digits, underscores and dots", "[expression]") {
    CHECK(tree("Vdd_1.a + _X") == "(+ vdd_1.a _x)");
    CHECK(tree("PI*R2") == "(* pi r2)");
}

TEST_CASE("function calls take zero or more arguments and may nest", "[expression]") {
    CHECK(tree("f(1, g(2), x)") == "(call f 1 (call g 2) x)");
    CHECK(tree("MAX (a,b)") == "(call max a b)");
    CHECK(tree("rnd()") == "(call rnd)");
    CHECK(tree("-f(x)^2") == "(neg (^ (call f x) 2))");
}

TEST_CASE("every node keeps its range in file offsets", "[expression]") {
    Expression e = parseOk("  a + bc * max(x, 2)");
    const auto& sum = std::get<BinaryNode>(e.rootNode().kind);
    CHECK(e.range().begin.file == 1);
    CHECK(e.range().begin.offset == 102);
    CHECK(e.range().length == 18);
    CHECK(e.node(sum.lhs).range.begin.offset == 102);
    CHECK(e.node(sum.lhs).range.length == 1);
    const auto& product = std::get<BinaryNode>(e.node(sum.rhs).kind);
    CHECK(e.node(product.lhs).range.begin.offset == 106);
    CHECK(e.node(product.lhs).range.length == 2);
    const Node& call = e.node(product.rhs);
    CHECK(call.range.begin.offset == 111);
    CHECK(call.range.length == 9);
    CHECK(std::get<CallNode>(call.kind).nameRange.length == 3);

    Expression negation = parseOk("-(x)");
    CHECK(negation.range().begin.offset == 100);
    CHECK(negation.range().length == 3);  // the parentheses make no node
}

TEST_CASE("a missing closing parenthesis is reported at the end of the text", "[expression]") {
    Diagnostic error = onlyError("(1 + 2");
    CHECK(error.message == "expected ')'");
    CHECK(error.range.begin.offset == 106);
    CHECK(error.range.length == 0);

    Diagnostic found = onlyError("max(1 2)");
    CHECK(found.message == "expected ')', found '2'");
    CHECK(found.range.begin.offset == 106);
    CHECK(found.range.length == 1);
}

TEST_CASE("text after a complete expression is unexpected", "[expression]") {
    Diagnostic error = onlyError("1 2");
    CHECK(error.message == "unexpected '2'");
    CHECK(error.range.begin.offset == 102);

    Diagnostic paren = onlyError("a + b )");
    CHECK(paren.message == "unexpected ')'");
    CHECK(paren.range.begin.offset == 106);

    Diagnostic word = onlyError("a b12c");
    CHECK(word.message == "unexpected 'b12c'");
    CHECK(word.range.length == 4);

    CHECK(onlyError("1 = 2").message == "unexpected '='");
}

TEST_CASE("a missing operand names what was expected and what was found", "[expression]") {
    Diagnostic end = onlyError("1 +");
    CHECK(end.message == "expected operand");
    CHECK(end.range.begin.offset == 103);

    Diagnostic star = onlyError("1 + * 2");
    CHECK(star.message == "expected operand, found '*'");
    CHECK(star.range.begin.offset == 104);

    CHECK(onlyError("max(1,)").message == "expected expression, found ')'");
    CHECK(onlyError("a ? b").message == "expected ':'");
    CHECK(onlyError("()").message == "expected expression, found ')'");
    CHECK(onlyError("a # b").message == "unexpected '#'");
}

TEST_CASE("an empty expression is an error", "[expression]") {
    CHECK(onlyError("").message == "expected expression");
    Diagnostic blank = onlyError("   ");
    CHECK(blank.message == "expected expression");
    CHECK(blank.range.begin.offset == 103);
    CHECK(onlyError("*").message == "expected expression, found '*'");
}

TEST_CASE("malformed numbers are reported with their full text and parsing goes on", "[expression]") {
    Diagnostic error = onlyError("1.2.3 + 1");
    CHECK(error.message == "bad number '1.2.3'");
    CHECK(error.range.begin.offset == 100);
    CHECK(error.range.length == 5);

    std::vector<Diagnostic> errors = parseErrors("2x + 3 * 4..5");
    REQUIRE(errors.size() == 2);
    CHECK(errors[0].message == "bad number '2x'");
    CHECK(errors[1].message == "bad number '4..5'");
    CHECK(errors[1].range.begin.offset == 109);
}

TEST_CASE("absurdly deep nesting is an error rather than a stack overflow", "[expression]") {
    std::string parens = std::string(100000, '(') + "1" + std::string(100000, ')');
    std::vector<Diagnostic> errors = parseErrors(parens);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].message == "expression nested too deeply");

    CHECK(onlyError(std::string(100000, '-') + "1").message == "expression nested too deeply");

    std::string fine = std::string(100, '(') + "1" + std::string(100, ')');
    CHECK(tree(fine) == "1");
}

TEST_CASE("a call argument that starts with a digit but is no number is a name (v(1b))", "[expression]") {
    // Node names such as 1b: not a SPICE number (b is no scale or unit), so it is a name.
    CHECK(tree("v(1b)") == "(call v 1b)");
    CHECK(tree("vdb(1B, 2n_x)") == "(call vdb 1b 2n_x)");
    Expression e = parseOk("v(1b)");
    CHECK(std::holds_alternative<IdentifierNode>(e.node(std::get<CallNode>(e.node(e.root).kind).args[0]).kind));
    // Numbers stay numbers: 1k, 2.5u, 3 and 4k7 are values.
    CHECK(tree("max(1k, 2.5u)") == tree("max(1000, 2.5e-06)"));
    CHECK(tree("v(3)") == "(call v 3)");
    CHECK(tree("f(4k7)") == tree("f(4700)"));
    // Xyce's hierarchical names: a ':' inside an argument makes it a name; a ternary's ':'
    // never ends an argument, so conditions inside calls parse as before.
    CHECK(tree("v(x1:x2:mid, 0)") == "(call v x1:x2:mid 0)");
    CHECK(tree("f(a?b:c)") == "(call f (? a b c))");
    CHECK(tree("f(a ? 1:2, x)") == "(call f (? a 1 2) x)");
    // Outside call arguments a malformed number is still reported as one.
    CHECK(onlyError("1b + 1").message == "bad number '1b'");
}
