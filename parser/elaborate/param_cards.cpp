#include "parser/elaborate/param_cards.hpp"

#include "parser/elaborate/text_util.hpp"
#include "parser/grammar/expression_grammar.hpp"

namespace cablespice::elab {

void readParam(CardReader& reader, ElabContext& context) {
    if (reader.atEnd()) reader.errorExpected("name=value");
    while (!reader.atEnd()) {
        if (!reader.peekKind(ast::TokenKind::Word) || !reader.peekKind(ast::TokenKind::Equals, 1)) {
            reader.errorExpected("name=value");
            return;
        }
        const ast::Token& key = reader.take();
        reader.take();
        auto value = reader.takeValueText("a value for '" + key.text + "'");
        if (!value) return;
        context.frame().scope->define(toLower(key.text), ParamDefinition{value->text, value->start, key.range, {}});
    }
}

namespace {

std::optional<std::vector<std::string>> readArgumentNames(CardReader& reader) {
    std::vector<std::string> names;
    if (!reader.takeIf(ast::TokenKind::LParen)) {
        reader.errorExpected("'('");
        return std::nullopt;
    }
    while (!reader.takeIf(ast::TokenKind::RParen)) {
        auto name = reader.expectName("argument name");
        if (!name) return std::nullopt;
        names.push_back(*name);
        if (!reader.takeIf(ast::TokenKind::Comma) && !reader.peekKind(ast::TokenKind::RParen)) {
            reader.errorExpected("',' or ')'");
            return std::nullopt;
        }
    }
    return names;
}

} // namespace

void readFunction(CardReader& reader, ElabContext& context) {
    auto name = reader.expectName("function name");
    if (!name) return;
    auto arguments = readArgumentNames(reader);
    if (!arguments) return;
    reader.takeIf(ast::TokenKind::Equals);
    auto body = reader.takeValueText("function body");
    if (!body) return;
    reader.expectEnd();
    auto expression = expr::parseExpression(body->text, body->start, context.sink());
    if (!expression) return;
    context.frame().scope->defineFunction(*name, expr::UserFunction{std::move(*arguments), std::move(*expression)});
}

} // namespace cablespice::elab
