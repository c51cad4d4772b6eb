#include "parser/elaborate/behavioral_expression.hpp"

#include "parser/elaborate/text_util.hpp"
#include "parser/grammar/expression_evaluator.hpp"
#include "parser/grammar/expression_grammar.hpp"
#include "parser/grammar/random_functions.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <numbers>

namespace cablespice::elab {

namespace {

using solver::TapeOp;
using Index = solver::ExpressionTape::Index;

struct FunctionInfo {
    std::string_view name;
    TapeOp op;
    std::size_t arity;  // 0: two or more (min, max fold)
};

// ngspice's B-source functions (ln and log are natural logarithms there too).
constexpr FunctionInfo kFunctions[] = {
    {"sqrt", TapeOp::Sqrt, 1},   {"exp", TapeOp::Exp, 1},     {"ln", TapeOp::Ln, 1},       {"log", TapeOp::Ln, 1},
    {"log10", TapeOp::Log10, 1}, {"abs", TapeOp::Abs, 1},     {"sin", TapeOp::Sin, 1},     {"cos", TapeOp::Cos, 1},
    {"tan", TapeOp::Tan, 1},     {"asin", TapeOp::Asin, 1},   {"acos", TapeOp::Acos, 1},   {"atan", TapeOp::Atan, 1},
    {"sinh", TapeOp::Sinh, 1},   {"cosh", TapeOp::Cosh, 1},   {"tanh", TapeOp::Tanh, 1},   {"asinh", TapeOp::Asinh, 1},
    {"acosh", TapeOp::Acosh, 1}, {"atanh", TapeOp::Atanh, 1}, {"floor", TapeOp::Floor, 1}, {"ceil", TapeOp::Ceil, 1},
    {"int", TapeOp::Int, 1},     {"nint", TapeOp::Nint, 1},   {"sgn", TapeOp::Sgn, 1},     {"u", TapeOp::Step, 1},
    {"u2", TapeOp::Step2, 1},    {"uramp", TapeOp::Ramp, 1},  {"pow", TapeOp::Power, 2},   {"pwr", TapeOp::Pwr, 2},
    {"atan2", TapeOp::Atan2, 2}, {"min", TapeOp::Min, 0},     {"max", TapeOp::Max, 0},     {"if", TapeOp::Select, 3},
};

const FunctionInfo* findFunction(std::string_view name) {
    for (const auto& info : kFunctions)
        if (info.name == name) return &info;
    return nullptr;
}

TapeOp binaryOp(expr::BinaryOp op) {
    switch (op) {
    case expr::BinaryOp::Add: return TapeOp::Add;
    case expr::BinaryOp::Subtract: return TapeOp::Subtract;
    case expr::BinaryOp::Multiply: return TapeOp::Multiply;
    case expr::BinaryOp::Divide: return TapeOp::Divide;
    case expr::BinaryOp::Power: return TapeOp::Power;
    case expr::BinaryOp::Equal: return TapeOp::Equal;
    case expr::BinaryOp::NotEqual: return TapeOp::NotEqual;
    case expr::BinaryOp::Less: return TapeOp::Less;
    case expr::BinaryOp::LessEqual: return TapeOp::LessEqual;
    case expr::BinaryOp::Greater: return TapeOp::Greater;
    case expr::BinaryOp::GreaterEqual: return TapeOp::GreaterEqual;
    case expr::BinaryOp::And: return TapeOp::And;
    case expr::BinaryOp::Or: return TapeOp::Or;
    }
    return TapeOp::Add;
}

// A .func parameter bound to the tape index of its argument; inner bindings shadow outer ones.
struct Binding {
    const std::string* name;
    Index index;
    const Binding* outer;
};

// Deeper expressions than this (long operator chains nest too) are refused, not recursed into.
constexpr int kMaxDepth = 2000;

class Compiler {
public:
    Compiler(const ValueText& text, ElabContext& context) : text_(text), context_(context) {}

    std::optional<CompiledExpression> run(const expr::Expression& expression) {
        auto root = compile(expression, expression.root, nullptr, 0);
        if (!root) return std::nullopt;
        result_.tape.finish(result_.references.size());
        return std::move(result_);
    }

private:
    bool fail(SourceRange range, std::string message) {
        context_.sink().error(range, std::move(message));
        return false;
    }

    std::optional<Index> compile(const expr::Expression& e, expr::NodeIndex i, const Binding* bindings, int depth) {
        if (depth > kMaxDepth) {
            fail(e.node(i).range, "expression nested too deeply");
            return std::nullopt;
        }
        const expr::Node& node = e.node(i);
        auto& tape = result_.tape;
        if (const auto* number = std::get_if<expr::NumberNode>(&node.kind)) return tape.constant(number->value);
        if (const auto* identifier = std::get_if<expr::IdentifierNode>(&node.kind))
            return name(identifier->name, node.range, bindings);
        if (const auto* unary = std::get_if<expr::UnaryNode>(&node.kind)) {
            auto operand = compile(e, unary->operand, bindings, depth + 1);
            if (!operand || unary->op == expr::UnaryOp::Plus) return operand;
            return tape.unary(unary->op == expr::UnaryOp::Negate ? TapeOp::Negate : TapeOp::Not, *operand);
        }
        if (const auto* binary = std::get_if<expr::BinaryNode>(&node.kind)) {
            auto lhs = compile(e, binary->lhs, bindings, depth + 1);
            auto rhs = lhs ? compile(e, binary->rhs, bindings, depth + 1) : std::nullopt;
            if (!rhs) return std::nullopt;
            return tape.binary(binaryOp(binary->op), *lhs, *rhs);
        }
        if (const auto* ternary = std::get_if<expr::TernaryNode>(&node.kind)) {
            auto c = compile(e, ternary->condition, bindings, depth + 1);
            auto t = c ? compile(e, ternary->whenTrue, bindings, depth + 1) : std::nullopt;
            auto f = t ? compile(e, ternary->whenFalse, bindings, depth + 1) : std::nullopt;
            if (!f) return std::nullopt;
            return tape.select(*c, *t, *f);
        }
        return call(e, std::get<expr::CallNode>(node.kind), node.range, bindings, depth);
    }

    std::optional<Index> name(const std::string& name, SourceRange range, const Binding* bindings) {
        for (const Binding* b = bindings; b; b = b->outer)
            if (*b->name == name) return b->index;
        if (name == "time") return result_.tape.time();
        if (auto value = context_.frame().scope->value(name)) return result_.tape.constant(*value);
        if (name == "pi") return result_.tape.constant(std::numbers::pi);
        if (name == "e") return result_.tape.constant(std::numbers::e);
        fail(range, "unknown name '" + name + "' in B-source expression: not a .param, time, v() or i()");
        return std::nullopt;
    }

    std::optional<std::vector<Index>> arguments(const expr::Expression& e, const expr::CallNode& call,
                                                const Binding* bindings, int depth) {
        std::vector<Index> args;
        for (auto argument : call.args) {
            auto index = compile(e, argument, bindings, depth + 1);
            if (!index) return std::nullopt;
            args.push_back(*index);
        }
        return args;
    }

    std::optional<Index> call(const expr::Expression& e, const expr::CallNode& call, SourceRange range,
                              const Binding* bindings, int depth) {
        if (call.name == "v" || call.name == "i") {
            if (&e == expression_) return probe(e, call, range);
            fail(call.nameRange, call.name + "() inside a .func body cannot be used in a B-source expression");
            return std::nullopt;
        }
        if (const FunctionInfo* info = findFunction(call.name)) return builtin(e, call, *info, range, bindings, depth);
        if (expr::isRandomFunction(call.name)) {
            fail(call.nameRange, "random function '" + call.name + "' cannot be used in a B-source expression");
            return std::nullopt;
        }
        if (const expr::UserFunction* function = context_.frame().scope->function(call.name))
            return inlineFunction(e, call, *function, range, bindings, depth);
        fail(call.nameRange, "unknown function '" + call.name + "' in B-source expression");
        return std::nullopt;
    }

    std::optional<Index> builtin(const expr::Expression& e, const expr::CallNode& call, const FunctionInfo& info,
                                 SourceRange range, const Binding* bindings, int depth) {
        const std::size_t count = call.args.size();
        if (info.arity == 0 ? count < 2 : count != info.arity) {
            fail(range, "function '" + call.name + "' takes " +
                            (info.arity == 0 ? std::string("at least 2") : std::to_string(info.arity)) + " argument" +
                            (info.arity == 1 ? "" : "s") + ", got " + std::to_string(count));
            return std::nullopt;
        }
        auto args = arguments(e, call, bindings, depth);
        if (!args) return std::nullopt;
        auto& tape = result_.tape;
        const auto& a = *args;
        if (info.op == TapeOp::Select) return tape.select(a[0], a[1], a[2]);
        if (info.arity == 1) return tape.unary(info.op, a[0]);
        Index folded = a[0];
        for (std::size_t k = 1; k < a.size(); ++k) folded = tape.binary(info.op, folded, a[k]);
        return folded;
    }

    std::optional<Index> inlineFunction(const expr::Expression& e, const expr::CallNode& call,
                                        const expr::UserFunction& function, SourceRange range,
                                        const Binding* bindings, int depth) {
        if (call.args.size() != function.params.size()) {
            fail(range, "function '" + call.name + "' takes " + std::to_string(function.params.size()) +
                            " arguments, got " + std::to_string(call.args.size()));
            return std::nullopt;
        }
        if (++inlined_ > expr::maxCallDepth * 64 || depth > kMaxDepth) {
            fail(range, "calls of '" + call.name + "' nested too deeply (recursive function?)");
            return std::nullopt;
        }
        auto args = arguments(e, call, bindings, depth);
        if (!args) return std::nullopt;
        // The body sees its parameters, then the deck's parameters (not the caller's bindings).
        std::vector<Binding> inner;
        inner.reserve(args->size());
        for (std::size_t k = 0; k < args->size(); ++k)
            inner.push_back({&function.params[k], (*args)[k], k == 0 ? nullptr : &inner[k - 1]});
        return compile(function.body, function.body.root, inner.empty() ? nullptr : &inner.back(), depth + 8);
    }

    // The text written as a call argument (node and element names may start with digits).
    std::optional<std::string> argumentName(const expr::Expression& e, expr::NodeIndex argument) {
        const SourceRange range = e.node(argument).range;
        std::string name;
        if (range.begin.file == text_.start.file && range.begin.offset >= text_.start.offset) {
            const std::size_t offset = range.begin.offset - text_.start.offset;
            if (offset < text_.text.size()) name = text_.text.substr(offset, range.length);
        }
        name.erase(std::remove_if(name.begin(), name.end(), [](unsigned char c) { return std::isspace(c); }), name.end());
        if (name.empty() || name.find_first_of("()+*/^,{}'") != std::string::npos) return std::nullopt;
        return toLower(name);
    }

    std::optional<Index> probe(const expr::Expression& e, const expr::CallNode& call, SourceRange range) {
        const bool branch = call.name == "i";
        if (call.args.empty() || call.args.size() > (branch ? 1u : 2u)) {
            fail(range, branch ? "i() takes one element name, e.g. i(vsense)" : "v() takes one or two node names, e.g. v(a) or v(a,b)");
            return std::nullopt;
        }
        std::vector<Index> terms;
        for (auto argument : call.args) {
            auto written = argumentName(e, argument);
            if (!written) {
                fail(e.node(argument).range, std::string("expected ") + (branch ? "an element" : "a node") + " name in " +
                                                 call.name + "()");
                return std::nullopt;
            }
            terms.push_back(reference(branch, *written, e.node(argument).range));
        }
        if (terms.size() == 1) return terms[0];
        return result_.tape.binary(TapeOp::Subtract, terms[0], terms[1]);
    }

    // The tape index reading a node voltage or branch current (one variable per distinct one).
    Index reference(bool branch, const std::string& written, SourceRange range) {
        ExpressionReference ref{branch, std::nullopt, {}, written, range};
        if (!branch && solver::NodeTable::isGroundName(written)) return result_.tape.constant(0.0);
        const auto& frame = context_.frame();
        if (branch) ref.mappedName = context_.elementName(written);
        else if (auto port = frame.ports.find(written); port != frame.ports.end()) ref.known = port->second;
        else ref.mappedName = frame.path.empty() ? written : frame.path + "." + written;
        std::string key(branch ? "i:" : "v:");
        if (ref.known) key.append("#").append(std::to_string(*ref.known));
        else key.append(ref.mappedName);
        auto [it, inserted] = variables_.try_emplace(key, static_cast<std::uint32_t>(result_.references.size()));
        if (inserted) result_.references.push_back(std::move(ref));
        return result_.tape.variable(it->second);
    }

public:
    void setExpression(const expr::Expression* expression) { expression_ = expression; }

private:
    const ValueText& text_;
    ElabContext& context_;
    const expr::Expression* expression_ = nullptr;  // v() and i() only here, not inside .func bodies
    CompiledExpression result_;
    std::map<std::string, std::uint32_t> variables_;
    int inlined_ = 0;
};

} // namespace

std::optional<CompiledExpression> compileBehavioralExpression(const ValueText& text, ElabContext& context) {
    auto parsed = expr::parseExpression(text.text, text.start, context.sink());
    if (!parsed) return std::nullopt;
    Compiler compiler(text, context);
    compiler.setExpression(&*parsed);
    return compiler.run(*parsed);
}

void bindExpressionReferences(ElabContext& context, solver::BehavioralSource& device,
                              std::vector<ExpressionReference> references) {
    context.defer([&context, &device, references = std::move(references)] {
        const std::string owner = context.deck().displayName(device.name());
        for (std::size_t k = 0; k < references.size(); ++k) {
            const auto& ref = references[k];
            if (ref.known) {
                device.setVariable(k, {*ref.known, nullptr});
                continue;
            }
            if (!ref.branch) {
                auto node = context.circuit().nodes().findNode(ref.mappedName);
                if (!node) {
                    context.sink().error(ref.range, "node '" + ref.written + "' in v() of '" + owner +
                                                        "' is not connected to any element");
                    continue;
                }
                device.setVariable(k, {*node, nullptr});
                continue;
            }
            const solver::Device* element = context.circuit().findDevice(ref.mappedName);
            if (!element) {
                context.sink().error(ref.range, "i(" + ref.written + ") in '" + owner + "': no element named '" +
                                                    ref.written + "'");
                continue;
            }
            if (!element->definesVoltage()) {
                context.sink().error(ref.range, "i(" + ref.written + ") in '" + owner + "': '" + ref.written +
                                                    "' carries no branch current (V, E, H, L and B voltage sources do)");
                continue;
            }
            device.setVariable(k, {solver::kGround, element});
        }
    });
}

std::optional<ValueText> remainingExpressionText(CardReader& reader, std::string_view what) {
    const ast::Token* first = reader.peek();
    if (!first) {
        reader.errorExpected(what);
        return std::nullopt;
    }
    if (first->kind == ast::TokenKind::Expression && !reader.peek(1)) {
        reader.take();
        return ValueText{first->text, SourceLoc{first->range.begin.file, first->range.begin.offset + 1}, first->range};
    }
    ValueText value{{}, first->range.begin, first->range};
    while (!reader.atEnd()) {
        const ast::Token& token = reader.take();
        const std::uint32_t at = value.start.offset + static_cast<std::uint32_t>(value.text.size());
        if (token.range.begin.file == value.start.file && token.range.begin.offset > at)
            value.text.append(token.range.begin.offset - at, ' ');
        else if (!value.text.empty() && token.range.begin.offset != at)
            value.text += ' ';
        value.text += token.kind == ast::TokenKind::Expression ? "(" + token.text + ")" : token.text;
        value.range = cover(value.range, token.range);
    }
    return value;
}

} // namespace cablespice::elab
