#include "parser/elaborate/semiconductor_card.hpp"

#include "parser/elaborate/text_util.hpp"

namespace cablespice::elab {

namespace {

bool atKeyword(const CardReader& reader, std::string_view word) {
    return reader.peekKeyword(word) && !reader.peekKind(ast::TokenKind::Equals, 1);
}

// ngspice's instance IC= only sets the first junction voltages of a UIC transient; .ic on the
// nodes does the same here.
bool rejectInitialCondition(CardReader& reader, const SemiconductorCardKind& kind) {
    if (!reader.peekKeyword("ic") || !reader.peekKind(ast::TokenKind::Equals, 1)) return false;
    reader.error(reader.take(), "IC= on a " + std::string(kind.device) +
                                    " is not supported yet (set its node voltages with .ic)");
    return true;
}

bool readModel(CardReader& reader, ElabContext& context, const SemiconductorCardKind& kind,
               SemiconductorCard& card) {
    if (!reader.peekKind(ast::TokenKind::Word)) {
        reader.errorExpected(std::string(kind.family) + " model name");
        return false;
    }
    const ast::Token& token = reader.take();
    card.model = semiconductorModelNamed(token, context, kind);
    if (card.model) return true;
    const bool exists = context.findModel(toLower(token.text)) != nullptr;
    const std::string family(kind.family);
    reader.error(token, exists ? "model '" + token.text + "' is not a " + family + " model (" +
                                     std::string(kind.modelTypes) + ")"
                               : "no " + family + " model named '" + token.text + "'");
    return false;
}

} // namespace

double SemiconductorCard::param(const std::string& name, double fallback) const {
    auto it = params.find(name);
    return it == params.end() ? fallback : it->second;
}

DeviceTemperature SemiconductorCard::temperature() const {
    DeviceTemperature temperature;
    if (auto it = params.find("temp"); it != params.end()) temperature.celsius = it->second;
    temperature.offset = param("dtemp", 0.0);
    return temperature;
}

const ModelCard* semiconductorModelNamed(const ast::Token& token, ElabContext& context,
                                         const SemiconductorCardKind& kind) {
    if (token.kind != ast::TokenKind::Word) return nullptr;
    const ModelCard* model = context.findModel(toLower(token.text));
    return model && kind.isModel(*model) ? model : nullptr;
}

std::optional<SemiconductorCard> readSemiconductorCard(CardReader& reader, ElabContext& context,
                                                       const SemiconductorCardKind& kind) {
    SemiconductorCard card;
    if (!readModel(reader, context, kind, card)) return std::nullopt;
    const std::size_t before = context.sink().errorCount();
    if (kind.positionalArea && (reader.peekNumber() || reader.peekKind(ast::TokenKind::Expression))) {
        if (auto area = reader.expectNumber("area factor")) card.area = *area;
    }
    const std::string element = std::string(kind.device) + " '" + reader.head().text + "'";
    for (;;) {
        if (atKeyword(reader, "off")) {
            reader.take();
            card.off = true;
            continue;
        }
        if (rejectInitialCondition(reader, kind)) return std::nullopt;
        if (!context.instanceParam(reader, kind.params, element, card.params)) break;
    }
    if (context.sink().errorCount() != before) return std::nullopt;
    if (auto area = card.params.find("area"); area != card.params.end()) card.area = area->second;
    return card;
}

} // namespace cablespice::elab
