#include "parser/elaborate/model_cards.hpp"

#include "parser/elaborate/bjt_model_card.hpp"
#include "parser/elaborate/diode_model_card.hpp"
#include "parser/elaborate/jfet_model_card.hpp"
#include "parser/elaborate/mosfet_model_card.hpp"
#include "parser/elaborate/passive_models.hpp"
#include "parser/elaborate/switch_model_card.hpp"
#include "parser/elaborate/text_util.hpp"

#include <string_view>

namespace cablespice::elab {

namespace {

bool atParamName(const CardReader& reader) {
    return reader.peekKind(ast::TokenKind::Word) && reader.peekKind(ast::TokenKind::Equals, 1);
}

// Parameters whose value is a keyword rather than a number, per model type. A keyword would
// otherwise be evaluated as a .param name.
struct KeywordParam {
    std::string_view modelType, name;
};
constexpr KeywordParam kKeywordParams[] = {
    {"cable", "type"},
};

bool isKeywordParam(const ModelCard& model, const std::string& name) {
    for (const auto& param : kKeywordParams)
        if (param.modelType == model.type && param.name == name) return true;
    return false;
}

// name=value [value ...]: list values run until the next name= or the closing parenthesis.
bool readParam(CardReader& reader, ElabContext& context, ModelCard& model) {
    const ast::Token& key = reader.take();
    reader.take();  // '='
    ModelParam param{{}, key.range, {}, {}};
    if (isKeywordParam(model, toLower(key.text))) {
        if (!reader.peekKind(ast::TokenKind::Word)) {
            reader.errorExpected("a keyword for '" + key.text + "'");
            return false;
        }
        const ast::Token& value = reader.take();
        param.word = toLower(value.text);
        param.valueRange = value.range;
        model.params[toLower(key.text)] = std::move(param);
        return true;
    }
    while (!reader.atEnd() && !atParamName(reader) && !reader.peekKind(ast::TokenKind::RParen)) {
        if (reader.takeIf(ast::TokenKind::Comma)) continue;
        auto value = context.evaluate(reader, "a value for '" + key.text + "'");
        if (!value) return false;
        param.values.push_back(*value);
    }
    if (param.values.empty()) {
        reader.errorExpected("a value for '" + key.text + "'");
        return false;
    }
    model.params[toLower(key.text)] = std::move(param);
    return true;
}

// R, C and L models: a parameter cablespice does not model (noise, dimensions of another
// simulator) is named, so the user knows the numbers ignore it.
void warnUnusedPassiveParams(const ModelCard& model, ElabContext& context) {
    if (!isPassiveModelFor('r', model) && !isPassiveModelFor('c', model) && !isPassiveModelFor('l', model)) return;
    for (const auto& [name, param] : model.params)
        if (!isKnownPassiveModelParam(model, name))
            context.sink().warning(param.origin, "parameter '" + name + "' of " + model.type +
                                                     " model '" + model.name + "' is not supported and has no effect");
}

// Diode models: KF and AF are kept for noise; a parameter of a newer or other diode model
// (IKF, sidewall, tunnelling, ...) is named, as it changes nothing here.
void warnUnusedDiodeParams(const ModelCard& model, ElabContext& context) {
    if (!isDiodeModel(model)) return;
    for (const auto& [name, param] : model.params)
        if (!isKnownDiodeModelParam(name))
            context.sink().warning(param.origin, "parameter '" + name + "' of diode model '" + model.name +
                                                     "' is not supported and has no effect");
}

// JFET models: a parameter of another JFET model (PSpice's N, ISR, ALPHA, ...) is named.
void warnUnusedJfetParams(const ModelCard& model, ElabContext& context) {
    if (!isJfetModel(model)) return;
    for (const auto& [name, param] : model.params)
        if (!isKnownJfetModelParam(name))
            context.sink().warning(param.origin, "parameter '" + name + "' of JFET model '" + model.name +
                                                     "' is not supported and has no effect");
}

// MOSFET models: a parameter of another MOSFET level (BSIM's, MOS2's NEFF, ...) is named.
void warnUnusedMosfetParams(const ModelCard& model, ElabContext& context) {
    if (!isMosfetModel(model)) return;
    for (const auto& [name, param] : model.params)
        if (!isKnownMosfetModelParam(name))
            context.sink().warning(param.origin, "parameter '" + name + "' of MOSFET model '" + model.name +
                                                     "' is not supported and has no effect");
}

// Switch models: SW takes VT/VH, CSW IT/IH (a current name on SW or the reverse is named too).
void warnUnusedSwitchParams(const ModelCard& model, ElabContext& context) {
    if (!isVoltageSwitchModel(model) && !isCurrentSwitchModel(model)) return;
    for (const auto& [name, param] : model.params)
        if (!isKnownSwitchModelParam(model, name))
            context.sink().warning(param.origin, "parameter '" + name + "' of switch model '" + model.name +
                                                     "' is not supported and has no effect");
}

// Bipolar models: a parameter of another BJT model (quasi-saturation, temperature
// coefficients of TLEV, VBIC, ...) is named.
void warnUnusedBjtParams(const ModelCard& model, ElabContext& context) {
    if (!isBjtModel(model)) return;
    for (const auto& [name, param] : model.params)
        if (!isKnownBjtModelParam(name))
            context.sink().warning(param.origin, "parameter '" + name + "' of bipolar model '" + model.name +
                                                     "' is not supported and has no effect");
}

} // namespace

void readModel(CardReader& reader, ElabContext& context) {
    auto name = reader.expectName("model name");
    if (!name) return;
    if (!reader.peekKind(ast::TokenKind::Word)) {
        reader.errorExpected("model type");
        return;
    }
    const ast::Token& type = reader.take();
    ModelCard model{*name, toLower(type.text), {}, reader.card().range, type.range};
    bool parenthesized = reader.takeIf(ast::TokenKind::LParen);
    while (!reader.atEnd() && !reader.peekKind(ast::TokenKind::RParen)) {
        if (!atParamName(reader)) {
            reader.errorExpected("a model parameter (name=value)");
            return;
        }
        if (!readParam(reader, context, model)) return;
    }
    if (parenthesized && !reader.takeIf(ast::TokenKind::RParen)) {
        reader.errorExpected("')'");
        return;
    }
    reader.expectEnd();
    warnUnusedPassiveParams(model, context);
    warnUnusedDiodeParams(model, context);
    warnUnusedJfetParams(model, context);
    warnUnusedMosfetParams(model, context);
    warnUnusedSwitchParams(model, context);
    warnUnusedBjtParams(model, context);
    context.addModel(std::move(model), reader.card().tokens[1]);
}

} // namespace cablespice::elab
