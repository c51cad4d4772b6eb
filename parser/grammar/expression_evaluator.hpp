#pragma once
#include "parser/ast/expression_ast.hpp"
#include "parser/grammar/random_functions.hpp"
#include "solver/support/source_range.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

// Evaluation of parsed expressions against a caller-supplied scope of parameters and
// user functions (`.func`). Errors are values: unknown names, wrong argument counts,
// division by zero and domain errors (sqrt(-1), log(0), overflow) come back as an
// EvalError with the range of the offending sub-expression, never as a silent NaN.
//
// Built-in functions (one argument unless noted): sqrt exp ln log (natural, as ngspice)
// log10 abs sin cos tan asin acos atan sinh cosh tanh floor ceil int (toward zero)
// sgn, min(a, b, ...) max(a, b, ...) pow(x, y) pwr(x, y) = sgn(x)*|x|^y atan2(y, x).
// Random functions (gauss agauss unif aunif limit mc flat, see random_functions.hpp) draw
// from the scope's RandomSource. Built-ins take precedence over user functions of the same name.
// Constants: pi and e, used only when the scope has no parameter of that name.
// Truth values: nonzero is true; comparisons and ! && || give 1 or 0; && || ?: short-circuit.
namespace cablespice::expr {

// `.func name(params) = body`; the body sees its parameters first, then the calling scope.
struct UserFunction {
    std::vector<std::string> params;  // lower-case
    Expression body;
};

class Scope {
public:
    virtual ~Scope() = default;
    // `name` is lower-case.
    virtual std::optional<double> value(std::string_view name) const = 0;
    virtual const UserFunction* function(std::string_view name) const = 0;
    // Where random functions draw from; null: they give their nominal values.
    virtual RandomSource* randomSource() const { return nullptr; }
};

struct EvalError {
    std::string message;
    SourceRange range;
};

using EvalResult = std::variant<double, EvalError>;

// User functions may call each other this deep before evaluation fails (catches recursion).
inline constexpr int maxCallDepth = 64;

EvalResult evaluate(const Expression& expression, const Scope& scope);

// Distinct identifier names referenced by the expression, in order of first appearance,
// excluding function names (built-in constants such as `pi` are included; the caller
// decides which names it defines).
std::vector<std::string> referencedIdentifiers(const Expression& expression);

// Names of the built-in functions, for hints and help output.
const std::vector<std::string_view>& builtinFunctionNames();

} // namespace cablespice::expr
