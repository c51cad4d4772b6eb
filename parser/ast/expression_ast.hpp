#pragma once
#include "solver/support/source_range.hpp"

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

// AST of SPICE parameter expressions (`.param x = {expr}`, `'expr'`, `.func` bodies).
//
// Nodes live in one flat arena (`Expression::nodes`) and refer to their children by index,
// so an expression is a single allocation-friendly, movable value. Children are always
// appended before their parent: every child index is smaller than its parent's index and
// the root is the last node. Each node keeps the SourceRange of the text it came from
// (file offsets, not offsets into the expression text).
namespace cablespice::expr {

using NodeIndex = std::uint32_t;

enum class UnaryOp : std::uint8_t { Negate, Plus, Not };

enum class BinaryOp : std::uint8_t {
    Add, Subtract, Multiply, Divide, Power,
    Equal, NotEqual, Less, LessEqual, Greater, GreaterEqual,
    And, Or,
};

struct NumberNode {
    double value = 0.0;
};

// A parameter reference; `name` is lower-case.
struct IdentifierNode {
    std::string name;
};

struct UnaryNode {
    UnaryOp op = UnaryOp::Negate;
    NodeIndex operand = 0;
};

struct BinaryNode {
    BinaryOp op = BinaryOp::Add;
    NodeIndex lhs = 0;
    NodeIndex rhs = 0;
};

// condition ? whenTrue : whenFalse
struct TernaryNode {
    NodeIndex condition = 0;
    NodeIndex whenTrue = 0;
    NodeIndex whenFalse = 0;
};

// name(args...); `name` is lower-case, `nameRange` covers just the name.
struct CallNode {
    std::string name;
    std::vector<NodeIndex> args;
    SourceRange nameRange;
};

struct Node {
    std::variant<NumberNode, IdentifierNode, UnaryNode, BinaryNode, TernaryNode, CallNode> kind;
    SourceRange range;
};

struct Expression {
    std::vector<Node> nodes;
    NodeIndex root = 0;

    const Node& node(NodeIndex index) const { return nodes[index]; }
    const Node& rootNode() const { return nodes[root]; }
    SourceRange range() const { return nodes[root].range; }
};

// Calls check(child) for every child of `node`, in order, and returns whether all returned
// true. No short-circuit: each child gets checked, so each can report its own error.
template <typename Check>
bool checkAllChildren(const Node& node, Check check) {
    bool ok = true;
    const auto checkEach = [&](auto... children) { ((ok = check(children) && ok), ...); };
    if (const auto* unary = std::get_if<UnaryNode>(&node.kind)) checkEach(unary->operand);
    else if (const auto* binary = std::get_if<BinaryNode>(&node.kind)) checkEach(binary->lhs, binary->rhs);
    else if (const auto* ternary = std::get_if<TernaryNode>(&node.kind))
        checkEach(ternary->condition, ternary->whenTrue, ternary->whenFalse);
    else if (const auto* call = std::get_if<CallNode>(&node.kind))
        for (auto argument : call->args) checkEach(argument);
    return ok;
}

// Operator spelling for messages: "-", "==", "^", "!".
constexpr const char* spelling(UnaryOp op) {
    switch (op) {
    case UnaryOp::Negate: return "-";
    case UnaryOp::Plus: return "+";
    case UnaryOp::Not: return "!";
    }
    return "?";
}

constexpr const char* spelling(BinaryOp op) {
    constexpr const char* names[] = {"+", "-", "*", "/", "^", "==", "!=", "<", "<=", ">", ">=", "&&", "||"};
    return names[static_cast<int>(op)];
}

} // namespace cablespice::expr
