#pragma once
#include "parser/grammar/expression_grammar.hpp"
#include "parser/grammar/numbers.hpp"

#include <boost/fusion/include/at_c.hpp>
#include <boost/spirit/home/x3.hpp>

#include <cctype>
#include <cmath>
#include <string>
#include <utility>

// Rule definitions of the expression grammar declared in expression_grammar.hpp.
// Every rule yields the arena index of the node it built; semantic actions append nodes
// through the ParseState found in the context. Rule names are the words used in
// "expected ..." messages.
namespace cablespice::expr::grammar {

namespace detail {

// An identifier as written: lower-cased text plus its bytes for the source range.
struct NameToken {
    std::string text;
    const char* first = nullptr;
    const char* last = nullptr;
};

// A unary operator and where it was written.
struct OpToken {
    UnaryOp op = UnaryOp::Negate;
    const char* first = nullptr;
};

inline std::string lowerCase(const char* first, const char* last) {
    std::string text(first, last);
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

inline SourceRange coverRanges(SourceRange a, SourceRange b) {
    std::uint32_t begin = std::min(a.begin.offset, b.begin.offset);
    std::uint32_t end = std::max(a.endOffset(), b.endOffset());
    return SourceRange{SourceLoc{a.begin.file, begin}, end - begin};
}

template <typename Ctx>
ParseState& state(const Ctx& ctx) {
    return x3::get<ParseStateTag>(ctx);
}

template <typename Kind>
NodeIndex addNode(ParseState& state, Kind kind, SourceRange range) {
    auto& nodes = state.expression.nodes;
    Node& node = nodes.emplace_back();
    node.kind.template emplace<Kind>(std::move(kind));
    node.range = range;
    return static_cast<NodeIndex>(nodes.size() - 1);
}

inline SourceRange rangeOfNode(const ParseState& state, NodeIndex index) {
    return state.expression.nodes[index].range;
}

const auto assignValue = [](auto& ctx) { x3::_val(ctx) = x3::_attr(ctx); };

const auto makeNumber = [](auto& ctx) {
    ParseState& s = state(ctx);
    const auto& bytes = x3::_attr(ctx);
    std::string_view lexeme(bytes.begin(), static_cast<std::size_t>(bytes.end() - bytes.begin()));
    SourceRange range = s.rangeOf(bytes.begin(), bytes.end());
    std::optional<double> value = parseSpiceNumber(lexeme);
    if (!value || !std::isfinite(*value)) {
        s.sink.error(range, "bad number '" + std::string(lexeme) + "'");
        value = 0.0;
    }
    x3::_val(ctx) = addNode(s, NumberNode{*value}, range);
};

// A call argument that only a node name can be: `1b` in v(1b) (starts with a digit, is not a
// number: v(1), max(2k, x) keep their numbers) or Xyce's `x1:mid` (a ':' inside; a ternary
// operator's ':' never ends an argument). Other arguments are ordinary expressions.
const auto makeNodeArgument = [](auto& ctx) {
    ParseState& s = state(ctx);
    const auto& bytes = x3::_attr(ctx);
    std::string_view lexeme(bytes.begin(), static_cast<std::size_t>(bytes.end() - bytes.begin()));
    bool digitFirst = std::isdigit(static_cast<unsigned char>(lexeme.front())) != 0;
    bool hierarchical = lexeme.find(':') != std::string_view::npos;
    if (!(digitFirst || hierarchical) || (digitFirst && parseSpiceNumber(lexeme))) {
        x3::_pass(ctx) = false;
        return;
    }
    x3::_val(ctx) = addNode(s, IdentifierNode{lowerCase(bytes.begin(), bytes.end())}, s.rangeOf(bytes.begin(), bytes.end()));
};

const auto makeName = [](auto& ctx) {
    const auto& bytes = x3::_attr(ctx);
    x3::_val(ctx) = NameToken{lowerCase(bytes.begin(), bytes.end()), bytes.begin(), bytes.end()};
};

const auto makeUnaryOp = [](auto& ctx) {
    const char* first = x3::_attr(ctx).begin();
    UnaryOp op = *first == '-' ? UnaryOp::Negate : *first == '+' ? UnaryOp::Plus : UnaryOp::Not;
    x3::_val(ctx) = OpToken{op, first};
};

const auto makeIdentifier = [](auto& ctx) {
    ParseState& s = state(ctx);
    NameToken& name = x3::_attr(ctx);
    x3::_val(ctx) = addNode(s, IdentifierNode{std::move(name.text)}, s.rangeOf(name.first, name.last));
};

// Attribute: (name, optional argument list); `_where` ends after the closing ')'.
const auto makeCall = [](auto& ctx) {
    ParseState& s = state(ctx);
    auto& attr = x3::_attr(ctx);
    NameToken& name = boost::fusion::at_c<0>(attr);
    auto& args = boost::fusion::at_c<1>(attr);
    SourceRange nameRange = s.rangeOf(name.first, name.last);
    CallNode call{std::move(name.text), args ? std::move(*args) : std::vector<NodeIndex>{}, nameRange};
    x3::_val(ctx) = addNode(s, std::move(call), s.rangeOf(name.first, x3::_where(ctx).end()));
};

const auto makeUnary = [](auto& ctx) {
    ParseState& s = state(ctx);
    const OpToken& op = boost::fusion::at_c<0>(x3::_attr(ctx));
    NodeIndex operand = boost::fusion::at_c<1>(x3::_attr(ctx));
    SourceRange range = coverRanges(s.rangeOf(op.first, op.first + 1), rangeOfNode(s, operand));
    x3::_val(ctx) = addNode(s, UnaryNode{op.op, operand}, range);
};

// The left operand is the rule's value so far; the attribute is (operator, right operand).
const auto makeBinary = [](auto& ctx) {
    ParseState& s = state(ctx);
    BinaryOp op = boost::fusion::at_c<0>(x3::_attr(ctx));
    NodeIndex lhs = x3::_val(ctx);
    NodeIndex rhs = boost::fusion::at_c<1>(x3::_attr(ctx));
    SourceRange range = coverRanges(rangeOfNode(s, lhs), rangeOfNode(s, rhs));
    x3::_val(ctx) = addNode(s, BinaryNode{op, lhs, rhs}, range);
};

const auto makeTernary = [](auto& ctx) {
    ParseState& s = state(ctx);
    NodeIndex condition = x3::_val(ctx);
    NodeIndex whenTrue = boost::fusion::at_c<0>(x3::_attr(ctx));
    NodeIndex whenFalse = boost::fusion::at_c<1>(x3::_attr(ctx));
    SourceRange range = coverRanges(rangeOfNode(s, condition), rangeOfNode(s, whenFalse));
    x3::_val(ctx) = addNode(s, TernaryNode{condition, whenTrue, whenFalse}, range);
};

// Fails (after reporting once) when the subject would nest deeper than maxNestingDepth.
template <typename Subject>
struct DepthGuard : x3::unary_parser<Subject, DepthGuard<Subject>> {
    using Base = x3::unary_parser<Subject, DepthGuard<Subject>>;
    static bool const is_pass_through_unary = true;

    constexpr explicit DepthGuard(const Subject& subject) : Base(subject) {}

    template <typename It, typename Ctx, typename RContext, typename Attribute>
    bool parse(It& first, const It& last, const Ctx& ctx, RContext& rcontext, Attribute& attr) const {
        ParseState& s = state(ctx);
        if (s.depth >= maxNestingDepth) {
            if (!s.tooDeep) s.sink.error(s.rangeOf(first, first), "expression nested too deeply");
            s.tooDeep = true;
            return false;
        }
        struct Leave {
            ParseState& s;
            ~Leave() { --s.depth; }
        } leave{s};
        ++s.depth;
        return this->subject.parse(first, last, ctx, rcontext, attr);
    }
};

struct DepthGuardGen {
    template <typename Subject>
    constexpr DepthGuard<typename x3::extension::as_parser<Subject>::value_type> operator[](const Subject& subject) const {
        return DepthGuard<typename x3::extension::as_parser<Subject>::value_type>(x3::as_parser(subject));
    }
};

const DepthGuardGen depthGuard{};

struct OrOps : x3::symbols<BinaryOp> {
    OrOps() { add("||", BinaryOp::Or); }
};
struct AndOps : x3::symbols<BinaryOp> {
    AndOps() { add("&&", BinaryOp::And); }
};
struct EqualityOps : x3::symbols<BinaryOp> {
    EqualityOps() { add("==", BinaryOp::Equal)("!=", BinaryOp::NotEqual); }
};
struct RelationalOps : x3::symbols<BinaryOp> {
    RelationalOps() {
        add("<", BinaryOp::Less)("<=", BinaryOp::LessEqual)(">", BinaryOp::Greater)(">=", BinaryOp::GreaterEqual);
    }
};
struct AdditiveOps : x3::symbols<BinaryOp> {
    AdditiveOps() { add("+", BinaryOp::Add)("-", BinaryOp::Subtract); }
};
// "**" never reaches this table: the power level, tried first, takes it.
struct MultiplicativeOps : x3::symbols<BinaryOp> {
    MultiplicativeOps() { add("*", BinaryOp::Multiply)("/", BinaryOp::Divide); }
};
struct PowerOps : x3::symbols<BinaryOp> {
    PowerOps() { add("^", BinaryOp::Power)("**", BinaryOp::Power); }
};

const OrOps orOps;
const AndOps andOps;
const EqualityOps equalityOps;
const RelationalOps relationalOps;
const AdditiveOps additiveOps;
const MultiplicativeOps multiplicativeOps;
const PowerOps powerOps;

// A number is everything SPICE lexes as one: mantissa, exponent, then any identifier-like
// tail (scale, unit, RKM digits, or junk such as ".3" in "1.2.3" that parseSpiceNumber
// rejects, giving "bad number").
const auto digits = +x3::ascii::digit;
const auto mantissa = (digits >> -(x3::lit('.') >> *x3::ascii::digit)) | (x3::lit('.') >> digits);
const auto exponent = (x3::lit('e') | 'E') >> -(x3::lit('+') | '-') >> digits;
const auto numberTail = *(x3::ascii::alnum | x3::ascii::char_('_') | x3::ascii::char_('.'));
const auto nameHead = x3::ascii::alpha | x3::ascii::char_('_');
const auto nameTail = *(x3::ascii::alnum | x3::ascii::char_('_') | x3::ascii::char_('.'));

} // namespace detail

struct RootId;

using TernaryRule = x3::rule<class TernaryId, NodeIndex>;
using OrRule = x3::rule<class OrId, NodeIndex>;
using AndRule = x3::rule<class AndId, NodeIndex>;
using EqualityRule = x3::rule<class EqualityId, NodeIndex>;
using RelationalRule = x3::rule<class RelationalId, NodeIndex>;
using AdditiveRule = x3::rule<class AdditiveId, NodeIndex>;
using MultiplicativeRule = x3::rule<class MultiplicativeId, NodeIndex>;
using UnaryRule = x3::rule<class UnaryId, NodeIndex>;
using PowerRule = x3::rule<class PowerId, NodeIndex>;
using PrimaryRule = x3::rule<class PrimaryId, NodeIndex>;
using NumberRule = x3::rule<class NumberId, NodeIndex>;
using CallRule = x3::rule<class CallId, NodeIndex>;
using VariableRule = x3::rule<class VariableId, NodeIndex>;
using ArgumentsRule = x3::rule<class ArgumentsId, std::vector<NodeIndex>>;
using ArgumentRule = x3::rule<class ArgumentId, NodeIndex>;
using NodeArgumentRule = x3::rule<class NodeArgumentId, NodeIndex>;
using NameRule = x3::rule<class NameId, detail::NameToken>;
using UnaryOpRule = x3::rule<class UnaryOpId, detail::OpToken>;

const TernaryRule ternary = "expression";
const OrRule logicalOr = "operand";
const AndRule logicalAnd = "operand";
const EqualityRule equality = "operand";
const RelationalRule relational = "operand";
const AdditiveRule additive = "operand";
const MultiplicativeRule multiplicative = "operand";
const UnaryRule unary = "operand";
const PowerRule power = "operand";
const PrimaryRule primary = "operand";
const NumberRule number = "number";
const CallRule call = "function call";
const VariableRule variable = "identifier";
const ArgumentsRule arguments = "arguments";
const ArgumentRule argument = "expression";
const NodeArgumentRule nodeArgument = "node name";
const NameRule name = "identifier";
const UnaryOpRule unaryOp = "unary operator";

using detail::assignValue;
using detail::makeBinary;

const auto root_def = ternary;
const auto ternary_def = logicalOr[assignValue] >> -(('?' > ternary > ':' > ternary)[detail::makeTernary]);
const auto logicalOr_def = logicalAnd[assignValue] >> *((detail::orOps > logicalAnd)[makeBinary]);
const auto logicalAnd_def = equality[assignValue] >> *((detail::andOps > equality)[makeBinary]);
const auto equality_def = relational[assignValue] >> *((detail::equalityOps > relational)[makeBinary]);
const auto relational_def = additive[assignValue] >> *((detail::relationalOps > additive)[makeBinary]);
const auto additive_def = multiplicative[assignValue] >> *((detail::additiveOps > multiplicative)[makeBinary]);
const auto multiplicative_def = unary[assignValue] >> *((detail::multiplicativeOps > unary)[makeBinary]);
const auto unary_def = detail::depthGuard[(unaryOp > unary)[detail::makeUnary] | power[assignValue]];
const auto power_def = primary[assignValue] >> -((detail::powerOps > unary)[makeBinary]);
const auto primary_def = number | call | variable | ('(' > ternary > ')');
const auto number_def =
    x3::raw[x3::lexeme[detail::mantissa >> -detail::exponent >> detail::numberTail]][detail::makeNumber];
const auto call_def = (name >> '(' > -arguments > ')')[detail::makeCall];
const auto variable_def = name[detail::makeIdentifier];
const auto arguments_def = argument >> *(',' > argument);
const auto argument_def = nodeArgument | ternary;
const auto nodeArgument_def =
    x3::raw[x3::lexeme[+(x3::ascii::alnum | x3::ascii::char_('_') | x3::ascii::char_('.') | x3::ascii::char_(':'))]]
           [detail::makeNodeArgument] >>
    &(x3::lit(',') | ')');
const auto name_def = x3::raw[x3::lexeme[detail::nameHead >> detail::nameTail]][detail::makeName];
const auto unaryOp_def = x3::raw[x3::lit('-') | '+' | '!'][detail::makeUnaryOp];

BOOST_SPIRIT_DEFINE(root, ternary, logicalOr, logicalAnd, equality, relational, additive, multiplicative, unary,
                    power, primary, number, call, variable, arguments, argument, nodeArgument, name, unaryOp)

// Expectation failures anywhere below the root become one diagnostic: "expected ')'".
struct RootId {
    template <typename It, typename Exception, typename Ctx>
    x3::error_handler_result on_error(It&, const It&, const Exception& failure, const Ctx& ctx) {
        ParseState& s = detail::state(ctx);
        if (!s.tooDeep) reportExpected(s, failure.where(), failure.which());
        return x3::error_handler_result::fail;
    }

    static void reportExpected(ParseState& state, const char* where, const std::string& what);
};

} // namespace cablespice::expr::grammar
