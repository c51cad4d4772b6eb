#include "parser/elaborate/element_builders.hpp"

#include "parser/elaborate/jfet_model_card.hpp"
#include "parser/elaborate/text_util.hpp"
#include "solver/devices/jfet.hpp"

#include <cmath>

namespace cablespice::elab {

namespace {

const ParamSpec kJfetParams[] = {
    {"area", {}, "", "area factor: scales BETA, IS, CGS, CGD and 1/RD, 1/RS"},
    {"m", {}, "", "parallel multiplier"},
    {"temp", {}, "degC", "the JFET's temperature (default: the circuit's)"},
    {"dtemp", {}, "K", "the JFET's offset from the circuit temperature"},
};

struct JfetCard {
    const ModelCard* model = nullptr;
    double area = 1.0;
    bool off = false;
    std::map<std::string, double> params;
};

bool atKeyword(const CardReader& reader, std::string_view word) {
    return reader.peekKeyword(word) && !reader.peekKind(ast::TokenKind::Equals, 1);
}

// IC=VDS,VGS sets only ngspice's first junction voltages of a UIC transient; not modelled here.
bool rejectInitialCondition(CardReader& reader) {
    if (!reader.peekKeyword("ic") || !reader.peekKind(ast::TokenKind::Equals, 1)) return false;
    reader.error(reader.take(), "IC= on a JFET is not supported yet (set its node voltages with .ic)");
    return true;
}

// NAME D G S MODEL [AREA] [OFF] [area=] [m=] [temp=] [dtemp=]
std::optional<JfetCard> readJfetCard(CardReader& reader, ElabContext& context) {
    JfetCard card;
    if (!reader.peekKind(ast::TokenKind::Word)) {
        reader.errorExpected("JFET model name");
        return std::nullopt;
    }
    const ast::Token& modelToken = reader.take();
    card.model = context.findModel(toLower(modelToken.text));
    if (!card.model || !isJfetModel(*card.model)) {
        reader.error(modelToken, card.model ? "model '" + modelToken.text + "' is not a JFET model (NJF or PJF)"
                                            : "no JFET model named '" + modelToken.text + "'");
        return std::nullopt;
    }
    const std::size_t before = context.sink().errorCount();
    if (reader.peekNumber() || reader.peekKind(ast::TokenKind::Expression)) {
        if (auto area = reader.expectNumber("area factor")) card.area = *area;
    }
    for (;;) {
        if (atKeyword(reader, "off")) {
            reader.take();
            card.off = true;
            continue;
        }
        if (rejectInitialCondition(reader)) return std::nullopt;
        if (!context.instanceParam(reader, kJfetParams, "JFET '" + reader.head().text + "'", card.params)) break;
    }
    if (context.sink().errorCount() != before) return std::nullopt;
    if (auto area = card.params.find("area"); area != card.params.end()) card.area = area->second;
    return card;
}

double param(const JfetCard& card, const char* name, double fallback) {
    auto it = card.params.find(name);
    return it == card.params.end() ? fallback : it->second;
}

} // namespace

void buildJfet(CardReader& reader, ElabContext& context) {
    auto drain = context.node(reader);
    auto gate = drain ? context.node(reader) : std::nullopt;
    auto source = gate ? context.node(reader) : std::nullopt;
    if (!source) return;
    auto card = readJfetCard(reader, context);
    if (!card) return;
    auto model = jfetModelParameters(*card->model, context.sink());
    if (!model) return;
    const double scale = card->area * param(*card, "m", 1.0) * context.frame().multiplier;
    if (!(scale > 0.0) || !std::isfinite(scale)) {
        context.sink().error(reader.card().range, "area and m of JFET '" + reader.head().text + "' must be positive");
        return;
    }
    const auto& options = context.deck().options;
    auto& jfet = context.circuit().add<solver::Jfet>(
        context.elementName(reader.head()), reader.card().range, *drain, *gate, *source,
        solver::jfetConstants(*model, scale, options.temperature(), options.nominalTemperature), card->off);
    // .temp and .options may follow the element: the constants are recomputed once every card is read.
    const auto temp = card->params.find("temp") != card->params.end() ? std::optional(param(*card, "temp", 0.0)) : std::nullopt;
    const double dtemp = param(*card, "dtemp", 0.0);
    const double multiplier = param(*card, "m", 1.0) * context.frame().multiplier;
    context.defer([&context, &jfet, model = *model, scale, temp, dtemp, multiplier] {
        const auto& options = context.deck().options;
        const double celsius = temp.value_or(options.temperature() + dtemp);
        jfet.setConstants(solver::jfetConstants(model, scale, celsius, options.nominalTemperature));
        jfet.setNoise({celsius + solver::kZeroCelsiusInKelvin, model.kf, model.af, multiplier},
                      {model.nlev, model.gdsnoi});
    });
}

} // namespace cablespice::elab
