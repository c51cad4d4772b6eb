#pragma once
#include "parser/grammar/raw_token.hpp"

#include <boost/spirit/home/x3/core/parser.hpp>
#include <boost/spirit/home/x3/core/skip_over.hpp>
#include <boost/spirit/home/x3/support/traits/move_to.hpp>

// Expressions `{...}` (braces nest) and `'...'` are scanned by hand rather than by a
// recursive rule: nesting depth is a counter, so a line of a million '{' cannot overflow
// the stack. An expression may continue over '+' lines; the inside text then joins the
// pieces with one space while the token range keeps the exact original bytes.
namespace cablespice::grammar {

// `first` points at '{' or '\''. Returns an Expression token and moves `first` past the
// closing delimiter, or returns an UnterminatedExpression token and leaves `first` at the
// end of the card's last line.
RawToken scanExpression(const char*& first, const char* last);

struct ExpressionParser : boost::spirit::x3::parser<ExpressionParser> {
    using attribute_type = RawToken;
    static bool const has_attribute = true;

    template <typename Iterator, typename Context, typename RContext, typename Attribute>
    bool parse(Iterator& first, const Iterator& last, const Context& context, RContext&, Attribute& attr) const {
        boost::spirit::x3::skip_over(first, last, context);
        if (first == last || (*first != '{' && *first != '\'')) return false;
        boost::spirit::x3::traits::move_to(scanExpression(first, last), attr);
        return true;
    }
};

const ExpressionParser expression{};

} // namespace cablespice::grammar
