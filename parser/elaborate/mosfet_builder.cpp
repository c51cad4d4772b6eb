#include "parser/elaborate/element_builders.hpp"

#include "parser/elaborate/mosfet_model_card.hpp"
#include "parser/elaborate/semiconductor_card.hpp"
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

const SemiconductorCardKind kMosfetCard{"MOSFET", "MOSFET", "NMOS or PMOS", isMosfetModel, kMosfetParams,
                                        /*positionalArea=*/false};

// L, W and m must be positive, the areas, perimeters and squares not negative.
std::optional<solver::MosfetGeometry> geometryOf(const SemiconductorCard& card, double multiplier, CardReader& reader,
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
    // NAME D G S B MODEL [OFF] [l=] [w=] [ad=] [as=] [pd=] [ps=] [nrd=] [nrs=] [m=] [temp=] [dtemp=]
    auto card = readSemiconductorCard(reader, context, kMosfetCard);
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
    const DeviceTemperature temperature = card->temperature();
    context.defer([&context, &mosfet, model = *model, geometry = *geometry, temperature] {
        const auto& options = context.deck().options;
        const double celsius = temperature.at(options.temperature());
        mosfet.setConstants(solver::mosfetConstants(model, geometry, celsius, options.nominalTemperature));
        mosfet.setNoise({celsius + solver::kZeroCelsiusInKelvin, model.kf, model.af,
                         solver::mosfetFlickerArea(model, geometry)});
    });
}

} // namespace cablespice::elab
