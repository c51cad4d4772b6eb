#include "parser/elaborate/element_builders.hpp"

#include "parser/elaborate/diode_model_card.hpp"
#include "parser/elaborate/semiconductor_card.hpp"
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

const SemiconductorCardKind kDiodeCard{"diode", "diode", "D", isDiodeModel, kDiodeParams};

} // namespace

void buildDiode(CardReader& reader, ElabContext& context) {
    auto anode = context.node(reader);
    auto cathode = anode ? context.node(reader) : std::nullopt;
    if (!cathode) return;
    // NAME ANODE CATHODE MODEL [AREA] [OFF] [area=] [m=] [temp=] [dtemp=]
    auto card = readSemiconductorCard(reader, context, kDiodeCard);
    if (!card) return;
    auto model = diodeModelParameters(*card->model, context.sink());
    if (!model) return;
    const double area = card->area * card->param("m", 1.0) * context.frame().multiplier;
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
    const DeviceTemperature temperature = card->temperature();
    const double multiplier = card->param("m", 1.0) * context.frame().multiplier;
    context.defer([&context, &diode, model = *model, area, temperature, multiplier] {
        const auto& options = context.deck().options;
        const double celsius = temperature.at(options.temperature());
        diode.setConstants(solver::diodeConstants(model, area, celsius, options.nominalTemperature,
                                                  options.tolerances.reltol));
        diode.setNoise({celsius + solver::kZeroCelsiusInKelvin, model.kf, model.af, multiplier});
    });
}

} // namespace cablespice::elab
