#include "parser/elaborate/element_builders.hpp"

#include "parser/elaborate/jfet_model_card.hpp"
#include "parser/elaborate/semiconductor_card.hpp"
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

const SemiconductorCardKind kJfetCard{"JFET", "JFET", "NJF or PJF", isJfetModel, kJfetParams};

} // namespace

void buildJfet(CardReader& reader, ElabContext& context) {
    auto drain = context.node(reader);
    auto gate = drain ? context.node(reader) : std::nullopt;
    auto source = gate ? context.node(reader) : std::nullopt;
    if (!source) return;
    // NAME D G S MODEL [AREA] [OFF] [area=] [m=] [temp=] [dtemp=]
    auto card = readSemiconductorCard(reader, context, kJfetCard);
    if (!card) return;
    auto model = jfetModelParameters(*card->model, context.sink());
    if (!model) return;
    const double scale = card->area * card->param("m", 1.0) * context.frame().multiplier;
    if (!(scale > 0.0) || !std::isfinite(scale)) {
        context.sink().error(reader.card().range, "area and m of JFET '" + reader.head().text + "' must be positive");
        return;
    }
    const auto& options = context.deck().options;
    auto& jfet = context.circuit().add<solver::Jfet>(
        context.elementName(reader.head()), reader.card().range, *drain, *gate, *source,
        solver::jfetConstants(*model, scale, options.temperature(), options.nominalTemperature), card->off);
    // .temp and .options may follow the element: the constants are recomputed once every card is read.
    const DeviceTemperature temperature = card->temperature();
    const double multiplier = card->param("m", 1.0) * context.frame().multiplier;
    context.defer([&context, &jfet, model = *model, scale, temperature, multiplier] {
        const auto& options = context.deck().options;
        const double celsius = temperature.at(options.temperature());
        jfet.setConstants(solver::jfetConstants(model, scale, celsius, options.nominalTemperature));
        jfet.setNoise({celsius + solver::kZeroCelsiusInKelvin, model.kf, model.af, multiplier},
                      {model.nlev, model.gdsnoi});
    });
}

} // namespace cablespice::elab
