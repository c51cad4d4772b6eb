#include "parser/elaborate/element_builders.hpp"

#include "parser/elaborate/text_util.hpp"
#include "solver/devices/cccs.hpp"
#include "solver/devices/ccvs.hpp"
#include "solver/devices/vccs.hpp"
#include "solver/devices/vcvs.hpp"

namespace cablespice::elab {

namespace {

struct VoltageControlled {
    solver::Unknown p, n, cp, cn;
    double gain;
};

// n+ n- nc+ nc- value  (E and G)
std::optional<VoltageControlled> readVoltageControlled(CardReader& reader, ElabContext& context,
                                                       std::string_view valueName) {
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
    reader.expectEnd();
    return VoltageControlled{*p, *n, *cp, *cn, *gain};
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
void buildCurrentControlled(CardReader& reader, ElabContext& context, std::string_view valueName) {
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
    reader.expectEnd();
    auto& device = context.circuit().add<Device>(context.elementName(reader.head()), reader.card().range, *p, *n, nullptr, *value);
    std::string mappedName = context.elementName(toLower(controllerToken.text));
    context.defer([&context, &device, &controllerToken, mappedName] {
        bindController(context, device, controllerToken, mappedName);
    });
}

} // namespace

void buildVcvs(CardReader& reader, ElabContext& context) {
    auto e = readVoltageControlled(reader, context, "voltage gain");
    if (!e) return;
    context.circuit().add<solver::Vcvs>(context.elementName(reader.head()), reader.card().range, e->p, e->n, e->cp, e->cn,
                                        e->gain);
}

void buildVccs(CardReader& reader, ElabContext& context) {
    auto g = readVoltageControlled(reader, context, "transconductance");
    if (!g) return;
    context.circuit().add<solver::Vccs>(context.elementName(reader.head()), reader.card().range, g->p, g->n, g->cp, g->cn,
                                        g->gain);
}

void buildCccs(CardReader& reader, ElabContext& context) {
    buildCurrentControlled<solver::Cccs>(reader, context, "current gain");
}

void buildCcvs(CardReader& reader, ElabContext& context) {
    buildCurrentControlled<solver::Ccvs>(reader, context, "transresistance");
}

} // namespace cablespice::elab
