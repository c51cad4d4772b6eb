#include "parser/elaborate/element_builders.hpp"

#include "parser/elaborate/bjt_model_card.hpp"
#include "parser/elaborate/semiconductor_card.hpp"
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

const SemiconductorCardKind kBjtCard{"bipolar transistor", "bipolar", "NPN or PNP", isBjtModel, kBjtParams};

// [SUBSTRATE] before MODEL: a word that names no bipolar model and is followed by another word
// (not name=) is the substrate node. Nullopt after a reported error.
std::optional<solver::Unknown> readSubstrate(CardReader& reader, ElabContext& context) {
    const bool substrate = reader.peekKind(ast::TokenKind::Word) &&
                           !semiconductorModelNamed(*reader.peek(), context, kBjtCard) &&
                           reader.peekKind(ast::TokenKind::Word, 1) && !reader.peekKind(ast::TokenKind::Equals, 1);
    if (!substrate) return solver::kGround;
    return context.node(reader, "substrate node");
}

} // namespace

void buildBjt(CardReader& reader, ElabContext& context) {
    auto collector = context.node(reader, "collector node");
    auto base = collector ? context.node(reader, "base node") : std::nullopt;
    auto emitter = base ? context.node(reader, "emitter node") : std::nullopt;
    if (!emitter) return;
    // NAME C B E [S] MODEL [AREA] [OFF] [area=] [m=] [temp=] [dtemp=]
    auto substrate = readSubstrate(reader, context);
    if (!substrate) return;
    auto card = readSemiconductorCard(reader, context, kBjtCard);
    if (!card) return;
    auto model = bjtModelParameters(*card->model, context.sink());
    if (!model) return;
    const double area = card->area;
    const double multiplier = card->param("m", 1.0) * context.frame().multiplier;
    if (!(area > 0.0) || !std::isfinite(area) || !(multiplier > 0.0) || !std::isfinite(multiplier)) {
        context.sink().error(reader.card().range,
                             "area and m of bipolar transistor '" + reader.head().text + "' must be positive");
        return;
    }
    const auto& options = context.deck().options;
    auto& bjt = context.circuit().add<solver::Bjt>(
        context.elementName(reader.head()), reader.card().range,
        solver::Bjt::Terminals{*collector, *base, *emitter, *substrate},
        solver::bjtConstants(*model, area, options.temperature(), options.nominalTemperature), multiplier, card->off);
    // .temp and .options may follow the element: the constants at the circuit's temperature
    // are computed once every card is read.
    const DeviceTemperature temperature = card->temperature();
    context.defer([&context, &bjt, model = *model, area, temperature, multiplier] {
        const auto& options = context.deck().options;
        const double celsius = temperature.at(options.temperature());
        bjt.setConstants(solver::bjtConstants(model, area, celsius, options.nominalTemperature));
        bjt.setNoise({celsius + solver::kZeroCelsiusInKelvin, model.kf, model.af, multiplier});
    });
}

} // namespace cablespice::elab
