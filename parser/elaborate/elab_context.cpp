#include "parser/elaborate/elab_context.hpp"

#include "parser/elaborate/text_util.hpp"

namespace cablespice::elab {

bool ElabContext::registerElement(const ast::Token& nameToken) {
    std::string name = toLower(nameToken.text);
    auto [it, inserted] = elementOrigins_.emplace(name, nameToken.range);
    if (inserted) {
        deck_.displayNames.emplace(name, nameToken.text);
        return true;
    }
    sink_.error(nameToken.range, "duplicate element name '" + nameToken.text + "'",
                {DiagnosticNote{it->second, "previous definition of '" + nameToken.text + "' is here"}});
    return false;
}

std::optional<solver::Unknown> ElabContext::node(CardReader& reader, std::string_view what) {
    if (!reader.peekKind(ast::TokenKind::Word) || reader.peekKind(ast::TokenKind::Equals, 1)) {
        reader.errorExpected(what);
        return std::nullopt;
    }
    return circuit().nodes().node(toLower(reader.take().text));
}

std::map<std::string, double> ElabContext::instanceParams(CardReader& reader, std::span<const ParamSpec> table,
                                                          std::string_view elementKind) {
    std::map<std::string, double> values;
    while (!reader.atEnd()) {
        if (!reader.peekKind(ast::TokenKind::Word) || !reader.peekKind(ast::TokenKind::Equals, 1)) {
            reader.expectEnd();
            break;
        }
        const ast::Token& key = reader.take();
        reader.take();  // '='
        std::string name = toLower(key.text);
        const ParamSpec* spec = findParam(table, name);
        auto value = reader.expectNumber("a value for '" + key.text + "'");
        if (!spec) {
            std::string hint = suggestParam(table, name);
            std::vector<DiagnosticNote> notes;
            if (!hint.empty()) notes.push_back(DiagnosticNote{key.range, hint});
            sink_.error(key.range, "unknown parameter '" + key.text + "' for " + std::string(elementKind),
                        std::move(notes));
            continue;
        }
        if (value) values[std::string(spec->name)] = *value;
    }
    return values;
}

void ElabContext::runDeferred() {
    for (auto& fixup : fixups_) fixup();
    fixups_.clear();
}

} // namespace cablespice::elab
