#pragma once
#include "parser/ast/expression_ast.hpp"
#include "solver/support/diagnostic.hpp"
#include "solver/support/source_range.hpp"

#include <boost/spirit/home/x3/char/char_class.hpp>
#include <boost/spirit/home/x3/core/parse.hpp>
#include <boost/spirit/home/x3/nonterminal/rule.hpp>
#include <boost/spirit/home/x3/support/context.hpp>

#include <optional>
#include <string_view>

// Expression grammar (rexpr_full layout): this header declares the root rule, the parse
// context and `parseExpression`; expression_grammar_def.hpp defines the rules; and
// expression_grammar.cpp instantiates them once for `const char*` and implements
// `parseExpression`. Users need only `parseExpression`.
//
// Precedence, lowest first (ngspice B-source / numparam order):
//   ?:  (right-assoc)   ||   &&   == !=   < <= > >=   + -   * /   unary - + !   ^ **
// `^` and `**` are right-associative and bind tighter than unary minus: -2^2 = -4, as in
// ngspice (`%left NEG` is declared below `'^'` in inpptree-parser.y); the exponent itself may
// carry a sign: 2^-1 = 0.5.
namespace cablespice::expr {

// Parses `text`, which starts at `start` in its file. Syntax errors go to `sink` with exact
// file ranges; on any error the result is nullopt (every bad number is still reported).
std::optional<Expression> parseExpression(std::string_view text, SourceLoc start, DiagnosticSink& sink);

namespace grammar {

namespace x3 = boost::spirit::x3;

// Nesting (parentheses, unary chains, ^ chains, ?: chains) deeper than this is a syntax
// error rather than a stack overflow.
inline constexpr int maxNestingDepth = 200;

// Per-parse state reached from semantic actions through the X3 context.
struct ParseState {
    Expression& expression;
    const char* textBegin;
    const char* textEnd;
    SourceLoc start;
    DiagnosticSink& sink;
    int depth = 0;
    bool tooDeep = false;

    SourceRange rangeOf(const char* first, const char* last) const {
        auto offset = static_cast<std::uint32_t>(first - textBegin);
        return SourceRange{SourceLoc{start.file, start.offset + offset}, static_cast<std::uint32_t>(last - first)};
    }
};

struct ParseStateTag;

using Iterator = const char*;
using Skipper = x3::ascii::space_type;
using Context = x3::context<ParseStateTag, ParseState, x3::phrase_parse_context<Skipper>::type>;

using RootRule = x3::rule<class RootId, NodeIndex>;
const RootRule root = "expression";
BOOST_SPIRIT_DECLARE(RootRule)

} // namespace grammar

} // namespace cablespice::expr
