#include "parser/grammar/expression_evaluator.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <unordered_set>
#include <utility>

namespace cablespice::expr {

namespace {

enum class Builtin {
    Sqrt, Exp, Ln, Log, Log10, Abs, Sin, Cos, Tan, Asin, Acos, Atan, Sinh, Cosh, Tanh,
    Floor, Ceil, Int, Sgn, Min, Max, Pow, Pwr, Atan2,
};

struct BuiltinInfo {
    std::string_view name;
    Builtin id;
    std::size_t minArgs;
    std::size_t maxArgs;  // 0: no upper bound
};

constexpr BuiltinInfo builtins[] = {
    {"sqrt", Builtin::Sqrt, 1, 1},   {"exp", Builtin::Exp, 1, 1},     {"ln", Builtin::Ln, 1, 1},
    {"log", Builtin::Log, 1, 1},     {"log10", Builtin::Log10, 1, 1}, {"abs", Builtin::Abs, 1, 1},
    {"sin", Builtin::Sin, 1, 1},     {"cos", Builtin::Cos, 1, 1},     {"tan", Builtin::Tan, 1, 1},
    {"asin", Builtin::Asin, 1, 1},   {"acos", Builtin::Acos, 1, 1},   {"atan", Builtin::Atan, 1, 1},
    {"sinh", Builtin::Sinh, 1, 1},   {"cosh", Builtin::Cosh, 1, 1},   {"tanh", Builtin::Tanh, 1, 1},
    {"floor", Builtin::Floor, 1, 1}, {"ceil", Builtin::Ceil, 1, 1},   {"int", Builtin::Int, 1, 1},
    {"sgn", Builtin::Sgn, 1, 1},     {"min", Builtin::Min, 2, 0},     {"max", Builtin::Max, 2, 0},
    {"pow", Builtin::Pow, 2, 2},     {"pwr", Builtin::Pwr, 2, 2},     {"atan2", Builtin::Atan2, 2, 2},
};

const BuiltinInfo* findBuiltin(std::string_view name) {
    for (const BuiltinInfo& info : builtins) {
        if (info.name == name) return &info;
    }
    return nullptr;
}

std::size_t editDistance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::string unknownFunctionMessage(std::string_view name) {
    std::string message = fmt::format("unknown function '{}'", name);
    std::string_view best;
    std::size_t bestDistance = std::min<std::size_t>(2, name.size() > 1 ? name.size() - 1 : 0);
    for (const BuiltinInfo& info : builtins) {
        std::size_t distance = editDistance(name, info.name);
        if (distance > bestDistance || (distance == bestDistance && !best.empty())) continue;
        best = info.name;
        bestDistance = distance;
    }
    if (!best.empty()) message += fmt::format("; did you mean '{}'?", best);
    return message;
}

std::string arityMessage(std::string_view name, std::size_t minArgs, std::size_t maxArgs, std::size_t got) {
    const char* plural = minArgs == 1 ? "" : "s";
    if (maxArgs == minArgs) return fmt::format("function '{}' takes {} argument{}, got {}", name, minArgs, plural, got);
    return fmt::format("function '{}' takes at least {} argument{}, got {}", name, minArgs, plural, got);
}

std::optional<std::string> powerProblem(double base, double exponent) {
    if (base < 0 && exponent != std::trunc(exponent)) {
        return fmt::format("negative base {} raised to non-integer power {}", base, exponent);
    }
    if (base == 0 && exponent < 0) return fmt::format("zero raised to negative power {}", exponent);
    return std::nullopt;
}

std::optional<std::string> domainProblem(const BuiltinInfo& info, double x, double y) {
    switch (info.id) {
    case Builtin::Sqrt:
        if (x < 0) return fmt::format("sqrt of negative value {}", x);
        return std::nullopt;
    case Builtin::Ln: case Builtin::Log: case Builtin::Log10:
        if (x <= 0) return fmt::format("{} of non-positive value {}", info.name, x);
        return std::nullopt;
    case Builtin::Asin: case Builtin::Acos:
        if (x < -1 || x > 1) return fmt::format("{} argument {} outside [-1, 1]", info.name, x);
        return std::nullopt;
    case Builtin::Pow: return powerProblem(x, y);
    case Builtin::Pwr: return powerProblem(std::abs(x), y);
    default: return std::nullopt;
    }
}

double sign(double x) { return x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0; }

double computeBuiltin(Builtin id, double x, double y) {
    switch (id) {
    case Builtin::Sqrt: return std::sqrt(x);
    case Builtin::Exp: return std::exp(x);
    case Builtin::Ln: case Builtin::Log: return std::log(x);
    case Builtin::Log10: return std::log10(x);
    case Builtin::Abs: return std::abs(x);
    case Builtin::Sin: return std::sin(x);
    case Builtin::Cos: return std::cos(x);
    case Builtin::Tan: return std::tan(x);
    case Builtin::Asin: return std::asin(x);
    case Builtin::Acos: return std::acos(x);
    case Builtin::Atan: return std::atan(x);
    case Builtin::Sinh: return std::sinh(x);
    case Builtin::Cosh: return std::cosh(x);
    case Builtin::Tanh: return std::tanh(x);
    case Builtin::Floor: return std::floor(x);
    case Builtin::Ceil: return std::ceil(x);
    case Builtin::Int: return std::trunc(x);
    case Builtin::Sgn: return sign(x);
    case Builtin::Min: return std::min(x, y);
    case Builtin::Max: return std::max(x, y);
    case Builtin::Pow: return std::pow(x, y);
    case Builtin::Pwr: return sign(x) * std::pow(std::abs(x), y);
    case Builtin::Atan2: return std::atan2(x, y);
    }
    return 0.0;
}

std::optional<double> builtinConstant(std::string_view name) {
    if (name == "pi") return std::numbers::pi;
    if (name == "e") return std::numbers::e;
    return std::nullopt;
}

// A user function's parameters bound over the calling scope.
class CallScope final : public Scope {
public:
    CallScope(const Scope& outer, const UserFunction& function, const std::vector<double>& args)
        : outer_(outer), function_(function), args_(args) {}

    std::optional<double> value(std::string_view name) const override {
        for (std::size_t i = 0; i < function_.params.size(); ++i) {
            if (function_.params[i] == name) return args_[i];
        }
        return outer_.value(name);
    }

    const UserFunction* function(std::string_view name) const override { return outer_.function(name); }
    RandomSource* randomSource() const override { return outer_.randomSource(); }

private:
    const Scope& outer_;
    const UserFunction& function_;
    const std::vector<double>& args_;
};

// Recursive evaluation; each step returns false after recording the first error.
class Evaluator {
public:
    explicit Evaluator(const Scope& scope) : scope_(&scope) {}

    bool eval(const Expression& expression, NodeIndex index, double& out) {
        const Node& node = expression.node(index);
        return std::visit([&](const auto& kind) { return evalNode(expression, kind, node.range, out); }, node.kind);
    }

    EvalError takeError() { return std::move(error_); }

private:
    bool fail(std::string message, SourceRange range) {
        error_ = EvalError{std::move(message), range};
        return false;
    }

    bool finite(double value, SourceRange range, std::string_view what) {
        if (std::isfinite(value)) return true;
        if (std::isnan(value)) return fail(fmt::format("domain error in {}", what), range);
        return fail(fmt::format("overflow in {}", what), range);
    }

    bool evalNode(const Expression&, const NumberNode& node, SourceRange, double& out) {
        out = node.value;
        return true;
    }

    bool evalNode(const Expression&, const IdentifierNode& node, SourceRange range, double& out) {
        std::optional<double> value = scope_->value(node.name);
        if (!value) value = builtinConstant(node.name);
        if (!value) return fail(fmt::format("unknown parameter '{}'", node.name), range);
        out = *value;
        return true;
    }

    bool evalNode(const Expression& expression, const UnaryNode& node, SourceRange, double& out) {
        if (!eval(expression, node.operand, out)) return false;
        if (node.op == UnaryOp::Negate) out = -out;
        if (node.op == UnaryOp::Not) out = out == 0 ? 1.0 : 0.0;
        return true;
    }

    bool evalNode(const Expression& expression, const TernaryNode& node, SourceRange, double& out) {
        double condition = 0;
        if (!eval(expression, node.condition, condition)) return false;
        return eval(expression, condition != 0 ? node.whenTrue : node.whenFalse, out);
    }

    bool evalNode(const Expression& expression, const BinaryNode& node, SourceRange range, double& out) {
        double lhs = 0;
        double rhs = 0;
        if (!eval(expression, node.lhs, lhs)) return false;
        if (node.op == BinaryOp::And && lhs == 0) return (out = 0.0, true);
        if (node.op == BinaryOp::Or && lhs != 0) return (out = 1.0, true);
        if (!eval(expression, node.rhs, rhs)) return false;
        return applyBinary(node.op, lhs, rhs, expression.node(node.rhs).range, range, out);
    }

    bool applyBinary(BinaryOp op, double lhs, double rhs, SourceRange rhsRange, SourceRange range, double& out) {
        switch (op) {
        case BinaryOp::Add: out = lhs + rhs; break;
        case BinaryOp::Subtract: out = lhs - rhs; break;
        case BinaryOp::Multiply: out = lhs * rhs; break;
        case BinaryOp::Divide:
            if (rhs == 0) return fail("division by zero", rhsRange);
            out = lhs / rhs;
            break;
        case BinaryOp::Power:
            if (auto problem = powerProblem(lhs, rhs)) return fail(std::move(*problem), range);
            out = std::pow(lhs, rhs);
            break;
        case BinaryOp::Equal: out = lhs == rhs; return true;
        case BinaryOp::NotEqual: out = lhs != rhs; return true;
        case BinaryOp::Less: out = lhs < rhs; return true;
        case BinaryOp::LessEqual: out = lhs <= rhs; return true;
        case BinaryOp::Greater: out = lhs > rhs; return true;
        case BinaryOp::GreaterEqual: out = lhs >= rhs; return true;
        case BinaryOp::And: case BinaryOp::Or: out = rhs != 0; return true;
        }
        return finite(out, range, fmt::format("'{}'", spelling(op)));
    }

    bool evalNode(const Expression& expression, const CallNode& node, SourceRange range, double& out) {
        if (const BuiltinInfo* info = findBuiltin(node.name)) return callBuiltin(*info, expression, node, range, out);
        if (isRandomFunction(node.name)) return callRandom(expression, node, range, out);
        if (const UserFunction* function = scope_->function(node.name)) {
            return callUser(*function, expression, node, range, out);
        }
        return fail(unknownFunctionMessage(node.name), node.nameRange);
    }

    bool callBuiltin(const BuiltinInfo& info, const Expression& expression, const CallNode& node, SourceRange range,
                     double& out) {
        std::size_t count = node.args.size();
        if (count < info.minArgs || (info.maxArgs != 0 && count > info.maxArgs)) {
            return fail(arityMessage(info.name, info.minArgs, info.maxArgs, count), range);
        }
        double x = 0;
        double y = 0;
        if (!eval(expression, node.args[0], x)) return false;
        for (std::size_t i = 1; i < count; ++i) {  // min/max fold over any count
            if (!eval(expression, node.args[i], y)) return false;
            if (i + 1 < count) x = computeBuiltin(info.id, x, y);
        }
        if (auto problem = domainProblem(info, x, y)) return fail(std::move(*problem), range);
        out = computeBuiltin(info.id, x, y);
        return finite(out, range, fmt::format("'{}'", info.name));
    }

    bool callRandom(const Expression& expression, const CallNode& node, SourceRange range, double& out) {
        if (auto problem = randomArityProblem(node.name, node.args.size())) return fail(std::move(*problem), range);
        std::vector<double> args(node.args.size());
        for (std::size_t i = 0; i < args.size(); ++i) {
            if (!eval(expression, node.args[i], args[i])) return false;
        }
        auto value = evaluateRandomFunction(node.name, args, scope_->randomSource());
        if (auto* message = std::get_if<std::string>(&value)) return fail(std::move(*message), range);
        out = std::get<double>(value);
        return finite(out, range, fmt::format("'{}'", node.name));
    }

    bool callUser(const UserFunction& function, const Expression& expression, const CallNode& node,
                  SourceRange range, double& out) {
        std::size_t count = function.params.size();
        if (node.args.size() != count) return fail(arityMessage(node.name, count, count, node.args.size()), range);
        if (depth_ >= maxCallDepth) {
            return fail(fmt::format("calls of '{}' nested deeper than {} (recursive function?)", node.name, maxCallDepth),
                        range);
        }
        std::vector<double> args(count);
        for (std::size_t i = 0; i < count; ++i) {
            if (!eval(expression, node.args[i], args[i])) return false;
        }
        CallScope inner(*scope_, function, args);
        const Scope* outer = std::exchange(scope_, &inner);
        ++depth_;
        bool ok = eval(function.body, function.body.root, out);
        --depth_;
        scope_ = outer;
        return ok;
    }

    const Scope* scope_;
    int depth_ = 0;
    EvalError error_;
};

} // namespace

EvalResult evaluate(const Expression& expression, const Scope& scope) {
    if (expression.nodes.empty()) return EvalError{"empty expression", SourceRange{}};
    Evaluator evaluator(scope);
    double value = 0;
    if (!evaluator.eval(expression, expression.root, value)) return evaluator.takeError();
    return value;
}

std::vector<std::string> referencedIdentifiers(const Expression& expression) {
    // Leaves sit in the arena in source order, so a scan keeps the order of appearance
    // without recursing (a long `a+b+c+...` chain would otherwise recurse per term).
    std::vector<std::string> names;
    std::unordered_set<std::string_view> seen;
    for (const Node& node : expression.nodes) {
        const auto* identifier = std::get_if<IdentifierNode>(&node.kind);
        if (identifier && seen.insert(identifier->name).second) names.push_back(identifier->name);
    }
    return names;
}

const std::vector<std::string_view>& builtinFunctionNames() {
    static const std::vector<std::string_view> names = [] {
        std::vector<std::string_view> result;
        for (const BuiltinInfo& info : builtins) result.push_back(info.name);
        return result;
    }();
    return names;
}

} // namespace cablespice::expr
