#include "parser/elaborate/element_builders.hpp"

#include "parser/elaborate/bjt_model_card.hpp"
#include "parser/elaborate/text_util.hpp"
#include "solver/devices/bjt.hpp"

#include <cmath>

namespace cablespice::elab {

namespace {

const ParamSpec kBjtParams[] = {
    {"area", {}, "", "area factor: scales IS, ISE, ISC, IKF, IKR, ITF, IRB, the capacitances and 1/RB, 1/RE, 1/RC"},
    {"m", {}, "", "parallel multiplier"},
    {"temp", {}, "degC", "the transistor's temperature (default: the circuit's)"},
    {"dtemp", {}, "K", "the transistor's offset from the circuit temperature"},
};

struct BjtCard {
    solver::Unknown substrate = solver::kGround;
    const ModelCard* model = nullptr;
    double area = 1.0;
    bool off = false;
    std::map<std::string, double> params;
};

const ModelCard* bjtModelNamed(const ast::Token& token, ElabContext& context) {
    if (token.kind != ast::TokenKind::Word) return nullptr;
    const ModelCard* model = context.findModel(toLower(token.text));
    return model && isBjtModel(*model) ? model : nullptr;
}

// [SUBSTRATE] MODEL: a fourth word that names no bipolar model is the substrate node.
bool readSubstrateAndModel(CardReader& reader, ElabContext& context, BjtCard& card) {
    if (!reader.peekKind(ast::TokenKind::Word)) {
        reader.errorExpected("bipolar model name");
        return false;
    }
    if (!bjtModelNamed(*reader.peek(), context) && reader.peekKind(ast::TokenKind::Word, 1) &&
        !reader.peekKind(ast::TokenKind::Equals, 1)) {
        auto substrate = context.node(reader, "substrate node");
        if (!substrate) return false;
        card.substrate = *substrate;
    }
    if (!reader.peekKind(ast::TokenKind::Word)) {
        reader.errorExpected("bipolar model name");
        return false;
    }
    const ast::Token& modelToken = reader.take();
    card.model = bjtModelNamed(modelToken, context);
    if (!card.model) {
        const ModelCard* other = context.findModel(toLower(modelToken.text));
        reader.error(modelToken, other ? "model '" + modelToken.text + "' is not a bipolar model (NPN or PNP)"
                                       : "no bipolar model named '" + modelToken.text + "'");
        return false;
    }
    return true;
}

// NAME C B E [S] MODEL [AREA] [OFF] [area=] [m=] [temp=] [dtemp=]
std::optional<BjtCard> readBjtCard(CardReader& reader, ElabContext& context) {
    BjtCard card;
    const std::size_t before = context.sink().errorCount();
    if (!readSubstrateAndModel(reader, context, card)) return std::nullopt;
    if (reader.peekNumber() || reader.peekKind(ast::TokenKind::Expression)) {
        if (auto area = reader.expectNumber("area factor")) card.area = *area;
    }
    for (;;) {
        if (reader.peekKeyword("off") && !reader.peekKind(ast::TokenKind::Equals, 1)) {
            reader.take();
            card.off = true;
            continue;
        }
        if (reader.peekKeyword("ic") && reader.peekKind(ast::TokenKind::Equals, 1)) {
            reader.error(*reader.peek(), "ic= on a bipolar transistor is not supported yet (use .ic on its nodes)");
            return std::nullopt;
        }
        if (!context.instanceParam(reader, kBjtParams, "bipolar transistor '" + reader.head().text + "'", card.params))
            break;
    }
    if (context.sink().errorCount() != before) return std::nullopt;
    if (auto area = card.params.find("area"); area != card.params.end()) card.area = area->second;
    return card;
}

double param(const BjtCard& card, const char* name, double fallback) {
    auto it = card.params.find(name);
    return it == card.params.end() ? fallback : it->second;
}

} // namespace

void buildBjt(CardReader& reader, ElabContext& context) {
    auto collector = context.node(reader, "collector node");
    auto base = collector ? context.node(reader, "base node") : std::nullopt;
    auto emitter = base ? context.node(reader, "emitter node") : std::nullopt;
    if (!emitter) return;
    auto card = readBjtCard(reader, context);
    if (!card) return;
    auto model = bjtModelParameters(*card->model, context.sink());
    if (!model) return;
    const double area = card->area;
    const double multiplier = param(*card, "m", 1.0) * context.frame().multiplier;
    if (!(area > 0.0) || !std::isfinite(area) || !(multiplier > 0.0) || !std::isfinite(multiplier)) {
        context.sink().error(reader.card().range,
                             "area and m of bipolar transistor '" + reader.head().text + "' must be positive");
        return;
    }
    const auto& options = context.deck().options;
    auto& bjt = context.circuit().add<solver::Bjt>(
        context.elementName(reader.head()), reader.card().range,
        solver::Bjt::Terminals{*collector, *base, *emitter, card->substrate},
        solver::bjtConstants(*model, area, options.temperature(), options.nominalTemperature), multiplier, card->off);
    // .temp and .options may follow the element: the constants at the circuit's temperature
    // are computed once every card is read.
    const auto temp = card->params.find("temp") != card->params.end() ? std::optional(param(*card, "temp", 0.0)) : std::nullopt;
    const double dtemp = param(*card, "dtemp", 0.0);
    context.defer([&context, &bjt, model = *model, area, temp, dtemp, multiplier] {
        const auto& options = context.deck().options;
        const double celsius = temp.value_or(options.temperature() + dtemp);
        bjt.setConstants(solver::bjtConstants(model, area, celsius, options.nominalTemperature));
        bjt.setNoise({celsius + solver::kZeroCelsiusInKelvin, model.kf, model.af, multiplier});
    });
}

} // namespace cablespice::elab
