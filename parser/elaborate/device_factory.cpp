#include "parser/elaborate/device_factory.hpp"

#include "parser/elaborate/element_builders.hpp"
#include "parser/elaborate/line_builders.hpp"

#include <cctype>

namespace cablespice::elab {

namespace {

using Builder = void (*)(CardReader&, ElabContext&);

struct ElementKind {
    char letter;
    Builder build;  // null: known SPICE element that is not supported yet
    const char* description;
    bool multipliable = true;  // can stand for m parallel copies (inside an instance with m=)
};

// One registration line per element type.
constexpr ElementKind kElementKinds[] = {
    {'r', buildResistor, "resistor"},
    {'c', buildCapacitor, "capacitor"},
    {'l', buildInductor, "inductor"},
    {'k', buildMutualInductance, "mutual inductance"},
    {'v', buildVoltageSource, "voltage source"},
    {'i', buildCurrentSource, "current source"},
    {'e', buildVcvs, "voltage-controlled voltage source"},
    {'g', buildVccs, "voltage-controlled current source"},
    {'f', buildCccs, "current-controlled current source"},
    {'h', buildCcvs, "current-controlled voltage source"},
    {'t', buildLosslessLine, "lossless transmission line", false},
    {'p', buildCoupledLine, "coupled multiconductor line", false},
    {'o', nullptr, "lossy transmission line"},
    {'u', nullptr, "uniform RC line"},
    {'y', nullptr, "transmission line"},
    {'d', buildDiode, "diode"},
    {'q', buildBjt, "bipolar transistor"},
    {'j', buildJfet, "JFET"},
    {'m', buildMosfet, "MOSFET"},
    {'z', nullptr, "MESFET"},
    {'s', buildVoltageSwitch, "voltage-controlled switch"},
    {'w', buildCurrentSwitch, "current-controlled switch"},
    {'b', buildBehavioralSource, "behavioral source", false},
    {'a', nullptr, "XSPICE code model"},
};

const ElementKind* findKind(char letter) {
    for (const auto& kind : kElementKinds)
        if (kind.letter == letter) return &kind;
    return nullptr;
}

} // namespace

void buildElement(const ast::Card& card, ElabContext& context) {
    const ast::Token& name = card.tokens.front();
    if (name.kind != ast::TokenKind::Word || name.text.empty()) {
        context.sink().error(name.range, "expected an element name or a control card, found '" + name.text + "'");
        return;
    }
    char letter = static_cast<char>(std::tolower(static_cast<unsigned char>(name.text.front())));
    const ElementKind* kind = findKind(letter);
    if (!kind) {
        context.sink().error(name.range, "unknown element type '" + std::string(1, name.text.front()) + "' in '" +
                                             name.text + "'");
        return;
    }
    if (!kind->build) {
        context.sink().error(name.range, std::string(kind->description) + " '" + name.text + "' is not supported yet");
        return;
    }
    if (!context.registerElement(name)) return;
    if (!kind->multipliable && context.frame().multiplier != 1.0) {
        context.sink().error(name.range, std::string(kind->description) + " '" + name.text +
                                             "' cannot be multiplied yet (it is inside a subcircuit instance with m=)");
        return;
    }
    CardReader reader = context.reader(card);
    kind->build(reader, context);
}

} // namespace cablespice::elab
