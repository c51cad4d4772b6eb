#include "parser/elaborate/element_builders.hpp"

#include "parser/elaborate/diode_model_card.hpp"
#include "parser/elaborate/text_util.hpp"
#include "solver/devices/diode.hpp"

#include <cmath>

namespace cablespice::elab {

namespace {

const ParamSpec kDiodeParams[] = {
    {"area", {}, "", "area factor: scales IS, CJO and 1/RS"},
    {"m", {}, "", "parallel multiplier"},
    {"temp", {}, "degC", "the diode's temperature (default: the circuit's)"},
    {"dtemp", {}, "K", "the diode's offset from the circuit temperature"},
};

struct DiodeCard {
    const ModelCard* model = nullptr;
    double area = 1.0;
    bool off = false;
    std::map<std::string, double> params;
};

// NAME ANODE CATHODE MODEL [AREA] [OFF] [area=] [m=] [temp=] [dtemp=]
std::optional<DiodeCard> readDiodeCard(CardReader& reader, ElabContext& context) {
    DiodeCard card;
    if (!reader.peekKind(ast::TokenKind::Word)) {
        reader.errorExpected("diode model name");
        return std::nullopt;
    }
    const ast::Token& modelToken = reader.take();
    card.model = context.findModel(toLower(modelToken.text));
    if (!card.model || !isDiodeModel(*card.model)) {
        reader.error(modelToken, card.model ? "model '" + modelToken.text + "' is not a diode model (D)"
                                            : "no diode model named '" + modelToken.text + "'");
        return std::nullopt;
    }
    const std::size_t before = context.sink().errorCount();
    if (reader.peekNumber() || reader.peekKind(ast::TokenKind::Expression)) {
        if (auto area = reader.expectNumber("area factor")) card.area = *area;
    }
    for (;;) {
        if (reader.peekKeyword("off") && !reader.peekKind(ast::TokenKind::Equals, 1)) {
            reader.take();
            card.off = true;
            continue;
        }
        if (!context.instanceParam(reader, kDiodeParams, "diode '" + reader.head().text + "'", card.params)) break;
    }
    if (context.sink().errorCount() != before) return std::nullopt;
    if (auto area = card.params.find("area"); area != card.params.end()) card.area = area->second;
    return card;
}

double param(const DiodeCard& card, const char* name, double fallback) {
    auto it = card.params.find(name);
    return it == card.params.end() ? fallback : it->second;
}

} // namespace

void buildDiode(CardReader& reader, ElabContext& context) {
    auto anode = context.node(reader);
    auto cathode = anode ? context.node(reader) : std::nullopt;
    if (!cathode) return;
    auto card = readDiodeCard(reader, context);
    if (!card) return;
    auto model = diodeModelParameters(*card->model, context.sink());
    if (!model) return;
    const double area = card->area * param(*card, "m", 1.0) * context.frame().multiplier;
    if (!(area > 0.0) || !std::isfinite(area)) {
        context.sink().error(reader.card().range, "area and m of diode '" + reader.head().text + "' must be positive");
        return;
    }
    const auto& options = context.deck().options;
    auto& diode = context.circuit().add<solver::Diode>(
        context.elementName(reader.head()), reader.card().range, *anode, *cathode,
        solver::diodeConstants(*model, area, options.temperature(), options.nominalTemperature), card->off);
    // .temp and .options may follow the element: the constants at the circuit's temperature
    // are computed once every card is read.
    const auto temp = card->params.find("temp") != card->params.end() ? std::optional(param(*card, "temp", 0.0)) : std::nullopt;
    const double dtemp = param(*card, "dtemp", 0.0);
    const double multiplier = param(*card, "m", 1.0) * context.frame().multiplier;
    context.defer([&context, &diode, model = *model, area, temp, dtemp, multiplier] {
        const auto& options = context.deck().options;
        const double celsius = temp.value_or(options.temperature() + dtemp);
        diode.setConstants(solver::diodeConstants(model, area, celsius, options.nominalTemperature,
                                                  options.tolerances.reltol));
        diode.setNoise({celsius + solver::kZeroCelsiusInKelvin, model.kf, model.af, multiplier});
    });
}

} // namespace cablespice::elab
