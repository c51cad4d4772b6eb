#include "parser/elaborate/element_builders.hpp"

#include "parser/elaborate/text_util.hpp"
#include "solver/devices/cccs.hpp"
#include "solver/devices/ccvs.hpp"
#include "solver/devices/vccs.hpp"
#include "solver/devices/vcvs.hpp"

#include <cmath>

namespace cablespice::elab {

namespace {

struct VoltageControlled {
    solver::Unknown p, n, cp, cn;
    double gain;
    double scale;  // gain / the written gain (m=): .step values go through it too
};

// An optional trailing m= (parallel copies), then the end of the card. E and H define a
// voltage, which parallel copies do not change (ngspice refuses m= there): accepted with a warning.
std::optional<double> readMultiplier(CardReader& reader, ElabContext& context, bool definesVoltage) {
    double m = 1.0;
    if (reader.peekKeyword("m") && reader.peekKind(ast::TokenKind::Equals, 1)) {
        const ast::Token& key = reader.take();
        reader.take();
        auto value = reader.expectNumber("a value for 'm'");
        if (!value) return std::nullopt;
        if (!(*value > 0.0 && std::isfinite(*value))) {
            reader.error(key, "m of '" + reader.head().text + "' must be positive and finite");
            return std::nullopt;
        }
        if (definesVoltage && *value != 1.0)
            context.sink().warning(key.range, "m= has no effect on '" + reader.head().text +
                                                  "': parallel copies of a voltage source keep its voltage");
        m = *value;
    }
    reader.expectEnd();
    return m;
}

// Inside an instance with m=, an element stands for m copies: a VCCS sums their currents. An
// F or H is controlled by a source of the same instance, whose current is already the sum of
// the copies': F's output follows it unchanged, and H's voltage (of one copy) needs r/m.
double instanceScale(ElabContext& context, char letter) {
    const double m = context.frame().multiplier;
    if (letter == 'g') return m;
    if (letter == 'h') return 1.0 / m;
    return 1.0;
}

// n+ n- nc+ nc- value  (E and G)
std::optional<VoltageControlled> readVoltageControlled(CardReader& reader, ElabContext& context,
                                                       std::string_view valueName, bool definesVoltage) {
    auto p = context.node(reader);
    auto n = p ? context.node(reader) : std::nullopt;
    auto cp = n ? context.node(reader, "controlling node name") : std::nullopt;
    auto cn = cp ? context.node(reader, "controlling node name") : std::nullopt;
    if (!cn) return std::nullopt;
    if (reader.peekKeyword("poly") || reader.peekKeyword("value") || reader.peekKeyword("table")) {
        reader.error(*reader.peek(), "'" + reader.peek()->text + "' controlled sources are not supported yet");
        return std::nullopt;
    }
    auto gain = reader.expectNumber(valueName);
    if (!gain) return std::nullopt;
    auto m = readMultiplier(reader, context, definesVoltage);
    if (!m) return std::nullopt;
    const double scale = (definesVoltage ? 1.0 : *m) * instanceScale(context, definesVoltage ? 'e' : 'g');
    return VoltageControlled{*p, *n, *cp, *cn, *gain * scale, scale};
}

// Resolves the controlling element of F/H once every element exists; it must own a branch
// current (a voltage source, as SPICE3 requires, or E/H/L which have one here too).
template <class Device>
void bindController(ElabContext& context, Device& device, const ast::Token& controllerToken, const std::string& mappedName) {
    std::string name = toLower(controllerToken.text);
    const solver::Device* controller = context.circuit().findDevice(mappedName);
    if (!controller) {
        context.sink().error(controllerToken.range, "controlling source '" + controllerToken.text + "' of '" +
                                                        context.deck().displayName(device.name()) + "' does not exist");
        return;
    }
    if (name.empty() || (name[0] != 'v' && name[0] != 'e' && name[0] != 'h' && name[0] != 'l')) {
        context.sink().error(controllerToken.range, "controlling element '" + controllerToken.text +
                                                        "' must be a voltage source (it carries no branch current)");
        return;
    }
    device.setController(controller);
}

// n+ n- vcontrol value  (F and H)
template <class Device>
void buildCurrentControlled(CardReader& reader, ElabContext& context, std::string_view valueName, bool definesVoltage) {
    auto p = context.node(reader);
    auto n = p ? context.node(reader) : std::nullopt;
    if (!n) return;
    if (!reader.peekKind(ast::TokenKind::Word)) {
        reader.errorExpected("controlling voltage source name");
        return;
    }
    const ast::Token& controllerToken = reader.take();
    auto value = reader.expectNumber(valueName);
    if (!value) return;
    auto m = readMultiplier(reader, context, definesVoltage);
    if (!m) return;
    const double scale = (definesVoltage ? 1.0 : *m) * instanceScale(context, definesVoltage ? 'h' : 'f');
    auto& device = context.circuit().add<Device>(context.elementName(reader.head()), reader.card().range, *p, *n, nullptr,
                                                 *value * scale);
    context.setValueScale(device.name(), scale);
    std::string mappedName = context.elementName(toLower(controllerToken.text));
    context.defer([&context, &device, &controllerToken, mappedName] {
        bindController(context, device, controllerToken, mappedName);
    });
}

} // namespace

void buildVcvs(CardReader& reader, ElabContext& context) {
    if (isPolyCard(reader)) return buildPolySource(reader, context, 'e');
    auto e = readVoltageControlled(reader, context, "voltage gain", true);
    if (!e) return;
    auto& device = context.circuit().add<solver::Vcvs>(context.elementName(reader.head()), reader.card().range, e->p, e->n,
                                                       e->cp, e->cn, e->gain);
    context.setValueScale(device.name(), e->scale);
}

void buildVccs(CardReader& reader, ElabContext& context) {
    if (isPolyCard(reader)) return buildPolySource(reader, context, 'g');
    auto g = readVoltageControlled(reader, context, "transconductance", false);
    if (!g) return;
    auto& device = context.circuit().add<solver::Vccs>(context.elementName(reader.head()), reader.card().range, g->p, g->n,
                                                       g->cp, g->cn, g->gain);
    context.setValueScale(device.name(), g->scale);
}

void buildCccs(CardReader& reader, ElabContext& context) {
    if (isPolyCard(reader)) return buildPolySource(reader, context, 'f');
    buildCurrentControlled<solver::Cccs>(reader, context, "current gain", false);
}

void buildCcvs(CardReader& reader, ElabContext& context) {
    if (isPolyCard(reader)) return buildPolySource(reader, context, 'h');
    buildCurrentControlled<solver::Ccvs>(reader, context, "transresistance", true);
}

} // namespace cablespice::elab
