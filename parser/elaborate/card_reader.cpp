#include "parser/elaborate/card_reader.hpp"

#include "parser/elaborate/param_scope.hpp"
#include "parser/elaborate/text_util.hpp"
#include "parser/grammar/numbers.hpp"

#include <algorithm>
#include <cctype>

namespace cablespice::elab {

CardReader::CardReader(const ast::Card& card, DiagnosticSink& sink, const ParamScope* scope)
    : card_(card), sink_(sink), scope_(scope) {}

const ast::Token* CardReader::peek(std::size_t ahead) const {
    std::size_t index = position_ + ahead;
    return index < card_.tokens.size() ? &card_.tokens[index] : nullptr;
}

const ast::Token& CardReader::take() { return card_.tokens[position_++]; }

bool CardReader::peekKeyword(std::string_view keyword) const {
    const ast::Token* token = peek();
    return token && token->kind == ast::TokenKind::Word && equalsIgnoreCase(token->text, keyword);
}

bool CardReader::peekKind(ast::TokenKind kind, std::size_t ahead) const {
    const ast::Token* token = peek(ahead);
    return token && token->kind == kind;
}

bool CardReader::takeIf(ast::TokenKind kind) {
    if (!peekKind(kind)) return false;
    ++position_;
    return true;
}

SourceRange CardReader::endOfPrevious() const {
    const ast::Token& previous = card_.tokens[position_ > 0 ? position_ - 1 : 0];
    return SourceRange{SourceLoc{previous.range.begin.file, previous.range.endOffset()}, 0};
}

void CardReader::error(const ast::Token& token, std::string message) { sink_.error(token.range, std::move(message)); }

void CardReader::errorExpected(std::string_view what) {
    const ast::Token& previous = card_.tokens[position_ > 0 ? position_ - 1 : 0];
    std::string message = "expected " + std::string(what) + " after '" + previous.text + "'";
    if (const ast::Token* token = peek()) {
        sink_.error(token->range, std::move(message));
        return;
    }
    sink_.error(endOfPrevious(), std::move(message));
}

std::optional<std::string> CardReader::expectName(std::string_view what) {
    if (!peekKind(ast::TokenKind::Word)) {
        errorExpected(what);
        return std::nullopt;
    }
    return toLower(take().text);
}

bool CardReader::peekNumber() const {
    const ast::Token* token = peek();
    if (!token) return false;
    if (token->kind == ast::TokenKind::Expression) return true;
    return token->kind == ast::TokenKind::Word && parseSpiceNumber(token->text).has_value();
}

std::optional<double> CardReader::expectNumber(std::string_view what) {
    const ast::Token* token = peek();
    if (!token || (token->kind != ast::TokenKind::Word && token->kind != ast::TokenKind::Expression)) {
        errorExpected(what);
        return std::nullopt;
    }
    return evaluateNumber(take(), sink_, scope_);
}

std::optional<ValueText> CardReader::takeValueText(std::string_view what) {
    const ast::Token* first = peek();
    if (!first) {
        errorExpected(what);
        return std::nullopt;
    }
    if (first->kind == ast::TokenKind::Expression) {
        take();
        return ValueText{first->text, SourceLoc{first->range.begin.file, first->range.begin.offset + 1}, first->range};
    }
    ValueText value{{}, first->range.begin, first->range};
    while (!atEnd() && !(peekKind(ast::TokenKind::Word) && peekKind(ast::TokenKind::Equals, 1))) {
        const ast::Token& token = take();
        if (!value.text.empty()) value.text += ' ';
        value.text += token.kind == ast::TokenKind::Expression ? "(" + token.text + ")" : token.text;
        value.range = cover(value.range, token.range);
    }
    if (value.text.empty()) errorExpected(what);
    if (value.text.empty()) return std::nullopt;
    return value;
}

void CardReader::expectEnd() {
    if (atEnd()) return;
    const ast::Token& token = take();
    error(token, "unexpected '" + token.text + "' after the end of the " + toLower(head().text) + " card");
    position_ = card_.tokens.size();
}

namespace {

bool isIdentifier(std::string_view text) {
    if (text.empty() || !(std::isalpha(static_cast<unsigned char>(text[0])) || text[0] == '_')) return false;
    return std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isalnum(c) || c == '_' || c == '.'; });
}

} // namespace

std::optional<double> evaluateNumber(const ast::Token& token, DiagnosticSink& sink, const ParamScope* scope) {
    if (token.kind == ast::TokenKind::Expression) {
        if (scope) return scope->evaluate(token.text, SourceLoc{token.range.begin.file, token.range.begin.offset + 1});
        sink.error(token.range, "expressions are not allowed here: '" + token.text + "'");
        return std::nullopt;
    }
    if (auto value = parseSpiceNumber(token.text)) return value;
    // A bare parameter name as a value (HSPICE style): R1 a b rload
    if (scope && isIdentifier(token.text))
        if (auto value = scope->value(toLower(token.text))) return value;
    sink.error(token.range, "bad number '" + token.text + "'");
    return std::nullopt;
}

} // namespace cablespice::elab
