#pragma once
#include "parser/ast/netlist_ast.hpp"
#include "solver/support/diagnostic.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cablespice::elab {

class ParamScope;

// The text of a value written as tokens (`{expr}`, `'expr'`, `1k`, `a*2`, `max(a, 2)`) and
// where it starts, for expression parsing.
struct ValueText {
    std::string text;
    SourceLoc start;
    SourceRange range;
};

// A cursor over one card's tokens that reports problems into the sink with exact positions.
// Every "expect" function reports its own error and returns nullopt on failure.
class CardReader {
public:
    CardReader(const ast::Card& card, DiagnosticSink& sink, const ParamScope* scope = nullptr);

    const ast::Card& card() const { return card_; }
    const ast::Token& head() const { return card_.tokens.front(); }
    bool atEnd() const { return position_ >= card_.tokens.size(); }
    std::size_t position() const { return position_; }
    void seek(std::size_t position) { position_ = position; }

    const ast::Token* peek(std::size_t ahead = 0) const;
    const ast::Token& take();
    // True when the next token is the word `keyword` (case-insensitive).
    bool peekKeyword(std::string_view keyword) const;
    bool peekKind(ast::TokenKind kind, std::size_t ahead = 0) const;
    bool takeIf(ast::TokenKind kind);

    // A node name (lower-cased); `what` names it in the message ("node name").
    std::optional<std::string> expectName(std::string_view what);
    // A numeric value (SPICE number); reports "bad number" or "expected VALUE after ...".
    std::optional<double> expectNumber(std::string_view what);
    // The next token is a number (without consuming or reporting).
    bool peekNumber() const;

    // Reports an error at `token`.
    void error(const ast::Token& token, std::string message);
    // Reports "expected WHAT after 'PREVIOUS'" at the end of the previous token.
    void errorExpected(std::string_view what);
    // Reports every remaining token as unexpected (one error at the first).
    void expectEnd();

    // Tokens up to the next `name=` or the end, as one expression text (.param, params:).
    std::optional<ValueText> takeValueText(std::string_view what);

    SourceRange endOfPrevious() const;
    DiagnosticSink& sink() { return sink_; }

private:
    const ast::Card& card_;
    DiagnosticSink& sink_;
    const ParamScope* scope_;
    std::size_t position_ = 1;  // tokens[0] is the card name
};

// Value of a number, {expression} or parameter-name token (the scope may be null), or
// nullopt with an error reported.
std::optional<double> evaluateNumber(const ast::Token& token, DiagnosticSink& sink, const ParamScope* scope = nullptr);

} // namespace cablespice::elab
