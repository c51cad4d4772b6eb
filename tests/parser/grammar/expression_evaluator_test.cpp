#include "parser/grammar/expression_evaluator.hpp"
#include "parser/grammar/expression_grammar.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <numbers>
#include <string>

using namespace cablespice;
using namespace cablespice::expr;

namespace {

// Expressions start at offset 100 of file 1: an expected offset is 100 + the column.
constexpr SourceLoc start{1, 100};

Expression parse(const std::string& text, SourceLoc at = start) {
    DiagnosticSink sink;
    std::optional<Expression> expression = parseExpression(text, at, sink);
    INFO("text: " << text);
    REQUIRE(expression.has_value());
    return std::move(*expression);
}

class MapScope : public Scope {
public:
    std::map<std::string, double, std::less<>> values;
    std::map<std::string, UserFunction, std::less<>> functions;

    std::optional<double> value(std::string_view name) const override {
        auto it = values.find(name);
        if (it == values.end()) return std::nullopt;
        return it->second;
    }

    const UserFunction* function(std::string_view name) const override {
        auto it = functions.find(name);
        return it == functions.end() ? nullptr : &it->second;
    }

    // `.func name(params) = body`, the body placed at offset 500 of file 2.
    void define(const std::string& name, std::vector<std::string> params, const std::string& body) {
        functions.emplace(name, UserFunction{std::move(params), parse(body, SourceLoc{2, 500})});
    }
};

const MapScope emptyScope;

double valueOf(const std::string& text, const Scope& scope = emptyScope) {
    EvalResult result = evaluate(parse(text), scope);
    INFO("text: " << text);
    if (const auto* error = std::get_if<EvalError>(&result)) FAIL("unexpected error: " << error->message);
    return std::get<double>(result);
}

EvalError errorOf(const std::string& text, const Scope& scope = emptyScope) {
    EvalResult result = evaluate(parse(text), scope);
    INFO("text: " << text);
    REQUIRE(std::holds_alternative<EvalError>(result));
    return std::get<EvalError>(result);
}

} // namespace

TEST_CASE("arithmetic evaluates with precedence and associativity", "[expression]") {
    CHECK(valueOf("1 + 2 * 3") == 7);
    CHECK(valueOf("(1 + 2) * 3") == 9);
    CHECK(valueOf("10 - 4 - 3") == 3);
    CHECK(valueOf("12 / 3 / 2") == 2);
    CHECK(valueOf("2 ^ 3 ^ 2") == 512);
    CHECK(valueOf("2 ** 3 ** 2") == 512);
    CHECK(valueOf("2 * 3 ^ 2") == 18);
}

TEST_CASE("unary minus applies after the power as in ngspice", "[expression]") {
    CHECK(valueOf("-2^2") == -4);
    CHECK(valueOf("(-2)^2") == 4);
    CHECK(valueOf("2^-1") == 0.5);
    CHECK(valueOf("-2**2") == -4);
    CHECK(valueOf("- -3") == 3);
    CHECK(valueOf("+3") == 3);
}

TEST_CASE("scale suffixes work inside expressions", "[expression]") {
    CHECK(valueOf("2*1k") == 2000);
    CHECK(valueOf("1meg/2") == 500000);
    CHECK(valueOf("4k7 + 300") == 5000);
    CHECK(valueOf("10kohm * 2") == 20000);
    CHECK(valueOf("2.5u * 2") == Approx(5e-6).epsilon(1e-15));
    CHECK(valueOf("1e-3 * 1k") == Approx(1.0).epsilon(1e-15));
}

TEST_CASE("comparisons and logic give one or zero", "[expression]") {
    CHECK(valueOf("1 < 2") == 1);
    CHECK(valueOf("2 <= 1") == 0);
    CHECK(valueOf("2 >= 2") == 1);
    CHECK(valueOf("3 > 4") == 0);
    CHECK(valueOf("1 == 1 && 2 != 3") == 1);
    CHECK(valueOf("0 || 0") == 0);
    CHECK(valueOf("0.5 || 0") == 1);
    CHECK(valueOf("!0") == 1);
    CHECK(valueOf("!7") == 0);
}

TEST_CASE("the ternary operator selects a branch and nests to the right", "[expression]") {
    MapScope scope;
    scope.values["x"] = 2;
    CHECK(valueOf("x > 1 ? 10 : 20", scope) == 10);
    CHECK(valueOf("x > 5 ? 10 : 20", scope) == 20);
    CHECK(valueOf("x == 1 ? 1 : x == 2 ? 2 : 3", scope) == 2);
}

TEST_CASE("untaken branches and short-circuited operands are not evaluated", "[expression]") {
    CHECK(valueOf("0 && 1/0") == 0);
    CHECK(valueOf("1 || sqrt(-1)") == 1);
    CHECK(valueOf("1 ? 2 : 1/0") == 2);
    CHECK(valueOf("0 ? log(0) : 3") == 3);
}

TEST_CASE("one-argument built-ins match cmath", "[expression]") {
    struct Case {
        const char* text;
        double expected;
    };
    const Case cases[] = {
        {"sqrt(2)", std::sqrt(2.0)},     {"exp(1.5)", std::exp(1.5)},    {"ln(10)", std::log(10.0)},
        {"log(10)", std::log(10.0)},     {"log10(2)", std::log10(2.0)},  {"abs(-3.5)", 3.5},
        {"sin(0.7)", std::sin(0.7)},     {"cos(0.7)", std::cos(0.7)},    {"tan(0.7)", std::tan(0.7)},
        {"asin(0.3)", std::asin(0.3)},   {"acos(0.3)", std::acos(0.3)},  {"atan(3)", std::atan(3.0)},
        {"sinh(0.7)", std::sinh(0.7)},   {"cosh(0.7)", std::cosh(0.7)},  {"tanh(0.7)", std::tanh(0.7)},
        {"floor(-2.5)", -3},             {"ceil(-2.5)", -2},             {"int(-2.7)", -2},
        {"int(2.7)", 2},                 {"sgn(-3)", -1},                {"sgn(0)", 0},
        {"sgn(4)", 1},                   {"SQRT(16)", 4},
    };
    for (const Case& c : cases) {
        INFO(c.text);
        CHECK(valueOf(c.text) == Approx(c.expected).epsilon(1e-15).margin(1e-300));
    }
}

TEST_CASE("two-argument built-ins match cmath", "[expression]") {
    CHECK(valueOf("pow(2, 10)") == 1024);
    CHECK(valueOf("pow(-2, 3)") == -8);
    CHECK(valueOf("pwr(-2, 3)") == -8);
    CHECK(valueOf("pwr(-4, 0.5)") == -2);
    CHECK(valueOf("pwr(9, 0.5)") == 3);
    CHECK(valueOf("atan2(1, -1)") == Approx(std::atan2(1.0, -1.0)).epsilon(1e-15));
    CHECK(valueOf("min(3, 1)") == 1);
    CHECK(valueOf("max(3, 1)") == 3);
    CHECK(valueOf("min(3, 1, 2)") == 1);
    CHECK(valueOf("max(3, 1, 5, 2)") == 5);
}

TEST_CASE("pi and e are constants unless the scope defines the name", "[expression]") {
    CHECK(valueOf("pi") == std::numbers::pi);
    CHECK(valueOf("2*PI") == 2 * std::numbers::pi);
    CHECK(valueOf("e") == std::numbers::e);
    MapScope scope;
    scope.values["e"] = 5;
    CHECK(valueOf("e", scope) == 5);
}

TEST_CASE("user functions bind their parameters over the calling scope", "[expression]") {
    MapScope scope;
    scope.values["a"] = 1;
    scope.values["x"] = 100;
    scope.define("sq", {"x"}, "x*x + a");
    scope.define("hyp", {"x", "y"}, "sqrt(sq(x) + sq(y) - 2*a)");
    scope.define("three", {}, "3");
    CHECK(valueOf("sq(3)", scope) == 10);
    CHECK(valueOf("sq(x)", scope) == 10001);
    CHECK(valueOf("hyp(3, 4)", scope) == 5);
    CHECK(valueOf("hyp(sq(1) + 1, three())", scope) == Approx(std::sqrt(9.0 + 9.0)).epsilon(1e-15));
}

TEST_CASE("an unknown identifier is an error at its range", "[expression]") {
    MapScope scope;
    scope.values["a"] = 1;
    EvalError error = errorOf("a + vdd", scope);
    CHECK(error.message == "unknown parameter 'vdd'");
    CHECK(error.range.begin.file == 1);
    CHECK(error.range.begin.offset == 104);
    CHECK(error.range.length == 3);
}

TEST_CASE("an unknown function suggests the nearest built-in", "[expression]") {
    EvalError error = errorOf("1 + sqr(4)");
    CHECK(error.message == "unknown function 'sqr'; did you mean 'sqrt'?");
    CHECK(error.range.begin.offset == 104);
    CHECK(error.range.length == 3);
    CHECK(errorOf("lg10(4)").message == "unknown function 'lg10'; did you mean 'log10'?");
    CHECK(errorOf("frobnicate(4)").message == "unknown function 'frobnicate'");
}

TEST_CASE("a wrong argument count names the function and both counts", "[expression]") {
    EvalError error = errorOf("2 * sqrt(1, 2)");
    CHECK(error.message == "function 'sqrt' takes 1 argument, got 2");
    CHECK(error.range.begin.offset == 104);
    CHECK(error.range.length == 10);
    CHECK(errorOf("pow(2)").message == "function 'pow' takes 2 arguments, got 1");
    CHECK(errorOf("min(2)").message == "function 'min' takes at least 2 arguments, got 1");
    MapScope scope;
    scope.define("f", {"x"}, "x");
    CHECK(errorOf("f(1, 2)", scope).message == "function 'f' takes 1 argument, got 2");
}

TEST_CASE("division by zero points at the divisor", "[expression]") {
    MapScope scope;
    scope.values["a"] = 3;
    EvalError error = errorOf("1 / (a - a)", scope);
    CHECK(error.message == "division by zero");
    CHECK(error.range.begin.offset == 105);
    CHECK(error.range.length == 5);
}

TEST_CASE("domain errors are reported instead of producing NaN or infinity", "[expression]") {
    EvalError root = errorOf("1 + sqrt(-1)");
    CHECK(root.message == "sqrt of negative value -1");
    CHECK(root.range.begin.offset == 104);
    CHECK(root.range.length == 8);
    CHECK(errorOf("log(0)").message == "log of non-positive value 0");
    CHECK(errorOf("ln(-2)").message == "ln of non-positive value -2");
    CHECK(errorOf("log10(0)").message == "log10 of non-positive value 0");
    CHECK(errorOf("asin(2)").message == "asin argument 2 outside [-1, 1]");
    CHECK(errorOf("(-8)^(1/3)").message == "negative base -8 raised to non-integer power 0.3333333333333333");
    CHECK(errorOf("pow(0, -1)").message == "zero raised to negative power -1");
    CHECK(errorOf("0^-1").message == "zero raised to negative power -1");
    CHECK(errorOf("exp(1000)").message == "overflow in 'exp'");
    CHECK(errorOf("1e300 * 1e300").message == "overflow in '*'");
}

TEST_CASE("errors inside a user function point into its body", "[expression]") {
    MapScope scope;
    scope.define("inv", {"x"}, "1/x");
    EvalError error = errorOf("inv(0)", scope);
    CHECK(error.message == "division by zero");
    CHECK(error.range.begin.file == 2);
    CHECK(error.range.begin.offset == 502);
}

TEST_CASE("runaway user-function recursion stops at the depth limit", "[expression]") {
    MapScope scope;
    scope.define("f", {"x"}, "f(x + 1)");
    scope.define("g", {"x"}, "h(x)");
    scope.define("h", {"x"}, "g(x)");
    CHECK(errorOf("f(1)", scope).message == "calls of 'f' nested deeper than 64 (recursive function?)");
    CHECK_THAT(errorOf("g(1)", scope).message, Catch::Contains("nested deeper than 64"));
}

TEST_CASE("referencedIdentifiers lists each parameter once in order of appearance", "[expression]") {
    Expression e = parse("a + b*A + max(c, pi) + f(d) + (b ? e1 : a)");
    CHECK(referencedIdentifiers(e) == std::vector<std::string>{"a", "b", "c", "pi", "d", "e1"});
    CHECK(referencedIdentifiers(parse("sqrt(2)")).empty());
}

TEST_CASE("built-in names are listed for hints", "[expression]") {
    const auto& names = builtinFunctionNames();
    CHECK(std::find(names.begin(), names.end(), "pwr") != names.end());
    CHECK(names.size() == 24);
}

TEST_CASE("Random functions without a random source give their nominal values", "[expression][random]") {
    CHECK(valueOf("gauss(1k, 0.1, 3)") == 1000);
    CHECK(valueOf("agauss(2, 0.5, 1)") == 2);
    CHECK(valueOf("unif(3, 0.1) + aunif(4, 1) + limit(5, 1)") == 12);
    CHECK(valueOf("mc(6, 0.01)") == 6);
    CHECK(valueOf("flat(7) + gauss(8)") == 0);
}

TEST_CASE("gauss takes one argument (LTspice) or three (ngspice), nothing else", "[expression][random]") {
    CHECK(errorOf("gauss(1, 2)").message == "function 'gauss' takes 1 argument (LTspice) or 3 (ngspice), got 2");
    CHECK(errorOf("limit(1)").message == "function 'limit' takes 2 arguments, got 1");
    CHECK(errorOf("flat(1, 2)").message == "function 'flat' takes 1 argument, got 2");
    CHECK(errorOf("gauss(1, 0.1, 0)").message == "'gauss': sigma (the third argument) must not be zero");
}
