#include "parser/grammar/expression_grammar.hpp"
#include "parser/grammar/expression_grammar_def.hpp"

#include <cctype>
#include <string>

// The only place the expression grammar is compiled (keeps X3 compile time in one unit).
namespace cablespice::expr {

namespace grammar {

BOOST_SPIRIT_INSTANTIATE(RootRule, Iterator, Context)

namespace {

bool isWordChar(char c) {
    unsigned char byte = static_cast<unsigned char>(c);
    return std::isalnum(byte) || c == '_' || c == '.';
}

// The token starting at `where` for messages: a whole word or number, else one character.
const char* tokenEnd(const char* where, const char* end) {
    if (where == end) return where;
    if (!isWordChar(*where)) return where + 1;
    while (where != end && isWordChar(*where)) ++where;
    return where;
}

const char* skipSpace(const char* where, const char* end) {
    while (where != end && std::isspace(static_cast<unsigned char>(*where))) ++where;
    return where;
}

} // namespace

void RootId::reportExpected(ParseState& state, const char* where, const std::string& what) {
    where = skipSpace(where, state.textEnd);
    const char* last = tokenEnd(where, state.textEnd);
    std::string message = "expected " + what;
    if (where != state.textEnd) message += ", found '" + std::string(where, last) + "'";
    state.sink.error(state.rangeOf(where, last), std::move(message));
}

} // namespace grammar

std::optional<Expression> parseExpression(std::string_view text, SourceLoc start, DiagnosticSink& sink) {
    namespace x3 = boost::spirit::x3;
    Expression expression;
    const char* first = text.data();
    const char* last = text.data() + text.size();
    grammar::ParseState state{expression, first, last, start, sink};
    std::size_t errorsBefore = sink.errorCount();

    NodeIndex root = 0;
    bool parsed = x3::phrase_parse(first, last, x3::with<grammar::ParseStateTag>(state)[grammar::root],
                                   x3::ascii::space, root);
    if (!parsed && sink.errorCount() == errorsBefore) {
        grammar::RootId::reportExpected(state, first, "expression");
    } else if (parsed && first != last) {
        const char* end = grammar::tokenEnd(first, last);
        sink.error(state.rangeOf(first, end), "unexpected '" + std::string(first, end) + "'");
    }
    if (!parsed || sink.errorCount() != errorsBefore) return std::nullopt;
    expression.root = root;
    return expression;
}

} // namespace cablespice::expr
