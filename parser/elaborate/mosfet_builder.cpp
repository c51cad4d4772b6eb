#include "parser/elaborate/element_builders.hpp"

#include "parser/elaborate/mosfet_model_card.hpp"
#include "parser/elaborate/text_util.hpp"
#include "solver/devices/mosfet.hpp"

#include <cmath>
#include <stdexcept>

namespace cablespice::elab {

namespace {

const ParamSpec kMosfetParams[] = {
    {"l", {}, "m", "channel length (default 100u)"},
    {"w", {}, "m", "channel width (default 100u)"},
    {"ad", {}, "m^2", "drain diffusion area"},
    {"as", {}, "m^2", "source diffusion area"},
    {"pd", {}, "m", "drain junction perimeter"},
    {"ps", {}, "m", "source junction perimeter"},
    {"nrd", {}, "", "drain squares (times RSH)"},
    {"nrs", {}, "", "source squares (times RSH)"},
    {"m", {}, "", "parallel multiplier"},
    {"temp", {}, "degC", "the device's temperature (default: the circuit's)"},
    {"dtemp", {}, "K", "the device's offset from the circuit temperature"},
};

struct MosfetCard {
    const ModelCard* model = nullptr;
    bool off = false;
    std::map<std::string, double> params;

    double param(const char* name, double fallback) const {
        auto it = params.find(name);
        return it == params.end() ? fallback : it->second;
    }
};

// IC=VDS,VGS,VBS sets only ngspice's first iterate of a UIC transient; not modelled here.
bool rejectInitialCondition(CardReader& reader) {
    if (!reader.peekKeyword("ic") || !reader.peekKind(ast::TokenKind::Equals, 1)) return false;
    reader.error(reader.take(), "IC= on a MOSFET is not supported yet (set its node voltages with .ic)");
    return true;
}

// MODEL [OFF] [l=] [w=] [ad=] [as=] [pd=] [ps=] [nrd=] [nrs=] [m=] [temp=] [dtemp=]
std::optional<MosfetCard> readMosfetCard(CardReader& reader, ElabContext& context) {
    MosfetCard card;
    if (!reader.peekKind(ast::TokenKind::Word)) {
        reader.errorExpected("MOSFET model name");
        return std::nullopt;
    }
    const ast::Token& modelToken = reader.take();
    card.model = context.findModel(toLower(modelToken.text));
    if (!card.model || !isMosfetModel(*card.model)) {
        reader.error(modelToken, card.model ? "model '" + modelToken.text + "' is not a MOSFET model (NMOS or PMOS)"
                                            : "no MOSFET model named '" + modelToken.text + "'");
        return std::nullopt;
    }
    const std::size_t before = context.sink().errorCount();
    for (;;) {
        if (reader.peekKeyword("off") && !reader.peekKind(ast::TokenKind::Equals, 1)) {
            reader.take();
            card.off = true;
            continue;
        }
        if (rejectInitialCondition(reader)) return std::nullopt;
        if (!context.instanceParam(reader, kMosfetParams, "MOSFET '" + reader.head().text + "'", card.params)) break;
    }
    if (context.sink().errorCount() != before) return std::nullopt;
    return card;
}

// L, W and m must be positive, the areas, perimeters and squares not negative.
std::optional<solver::MosfetGeometry> geometryOf(const MosfetCard& card, double multiplier, CardReader& reader,
                                                 ElabContext& context) {
    solver::MosfetGeometry g;
    g.l = card.param("l", g.l);
    g.w = card.param("w", g.w);
    g.ad = card.param("ad", g.ad);
    g.as = card.param("as", g.as);
    g.pd = card.param("pd", g.pd);
    g.ps = card.param("ps", g.ps);
    g.nrd = card.param("nrd", g.nrd);
    g.nrs = card.param("nrs", g.nrs);
    g.m = card.param("m", 1.0) * multiplier;
    const std::string name = reader.head().text;
    for (double positive : {g.l, g.w, g.m}) {
        if (!(positive > 0.0) || !std::isfinite(positive)) {
            context.sink().error(reader.card().range, "l, w and m of MOSFET '" + name + "' must be positive");
            return std::nullopt;
        }
    }
    for (double nonNegative : {g.ad, g.as, g.pd, g.ps, g.nrd, g.nrs}) {
        if (!(nonNegative >= 0.0) || !std::isfinite(nonNegative)) {
            context.sink().error(reader.card().range,
                                 "ad, as, pd, ps, nrd and nrs of MOSFET '" + name + "' must not be negative");
            return std::nullopt;
        }
    }
    return g;
}

} // namespace

void buildMosfet(CardReader& reader, ElabContext& context) {
    auto drain = context.node(reader);
    auto gate = drain ? context.node(reader) : std::nullopt;
    auto source = gate ? context.node(reader) : std::nullopt;
    auto bulk = source ? context.node(reader) : std::nullopt;
    if (!bulk) return;
    auto card = readMosfetCard(reader, context);
    if (!card) return;
    auto model = mosfetModelParameters(*card->model, context.sink());
    if (!model) return;
    auto geometry = geometryOf(*card, context.frame().multiplier, reader, context);
    if (!geometry) return;
    const auto& options = context.deck().options;
    solver::MosfetConstants constants;
    try {
        constants = solver::mosfetConstants(*model, *geometry, options.temperature(), options.nominalTemperature);
    } catch (const std::invalid_argument& error) {
        context.sink().error(card->model->origin, "MOSFET model '" + card->model->name + "': " + error.what());
        return;
    }
    if (!(constants.effectiveLength > 0.0) || !(constants.effectiveWidth > 0.0)) {
        const bool length = !(constants.effectiveLength > 0.0);
        const char* what = length ? (model->level == 3 ? "length L - 2*LD + XL" : "length L - 2*LD")
                                  : "width W - 2*WD + XW";
        context.sink().error(reader.card().range,
                             "MOSFET '" + reader.head().text + "': the effective channel " + what + " is not positive");
        return;
    }
    auto& mosfet = context.circuit().add<solver::Mosfet>(context.elementName(reader.head()), reader.card().range,
                                                         solver::Mosfet::Terminals{*drain, *gate, *source, *bulk},
                                                         constants, card->off);
    // .temp and .options may follow the element: the constants at the circuit's temperature
    // are computed once every card is read.
    const auto temp = card->params.count("temp") ? std::optional(card->param("temp", 0.0)) : std::nullopt;
    const double dtemp = card->param("dtemp", 0.0);
    context.defer([&context, &mosfet, model = *model, geometry = *geometry, temp, dtemp] {
        const auto& options = context.deck().options;
        const double celsius = temp.value_or(options.temperature() + dtemp);
        mosfet.setConstants(solver::mosfetConstants(model, geometry, celsius, options.nominalTemperature));
        mosfet.setNoise({celsius + solver::kZeroCelsiusInKelvin, model.kf, model.af,
                         solver::mosfetFlickerArea(model, geometry)});
    });
}

} // namespace cablespice::elab
