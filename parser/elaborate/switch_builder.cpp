#include "parser/elaborate/element_builders.hpp"

#include "parser/elaborate/switch_model_card.hpp"
#include "parser/elaborate/text_util.hpp"
#include "solver/devices/switch.hpp"

namespace cablespice::elab {

namespace {

struct SwitchCard {
    SwitchModelCard model;  // RON and ROFF already divided by the parallel copies
    bool startsOn = false;
    double parallelCopies = 1.0;  // inside a subcircuit instance with m=
};

// MODEL [ON|OFF]: the model must be of the element's kind (SW for S, CSW for W).
std::optional<SwitchCard> readSwitchModel(CardReader& reader, ElabContext& context, bool currentControlled) {
    const char* kind = currentControlled ? "CSW" : "SW";
    if (!reader.peekKind(ast::TokenKind::Word)) {
        reader.errorExpected(std::string("switch model name (") + kind + ")");
        return std::nullopt;
    }
    const ast::Token& modelToken = reader.take();
    const ModelCard* model = context.findModel(toLower(modelToken.text));
    const bool fits = model && (currentControlled ? isCurrentSwitchModel(*model) : isVoltageSwitchModel(*model));
    if (!fits) {
        reader.error(modelToken, model ? "model '" + modelToken.text + "' is not a " + kind + " switch model"
                                       : "no " + std::string(kind) + " switch model named '" + modelToken.text + "'");
        return std::nullopt;
    }
    SwitchCard card;
    card.parallelCopies = context.frame().multiplier;
    if (reader.peekKeyword("on") || reader.peekKeyword("off")) card.startsOn = toLower(reader.take().text) == "on";
    const std::size_t before = context.sink().errorCount();
    reader.expectEnd();
    if (context.sink().errorCount() != before) return std::nullopt;
    auto parameters = switchModelParameters(*model, context.sink());
    if (!parameters) return std::nullopt;
    card.model = *parameters;
    card.model.model.onResistance /= card.parallelCopies;
    card.model.model.offResistance /= card.parallelCopies;
    return card;
}

// ROFF defaults to 1/gmin, and .options may follow the element.
void deferOffResistance(ElabContext& context, solver::Switch& device, const SwitchCard& card) {
    if (card.model.offResistanceGiven) return;
    context.defer([&context, &device, copies = card.parallelCopies] {
        auto model = device.model();
        model.offResistance = 1.0 / (context.deck().options.tolerances.gmin * copies);
        device.setModel(model);
    });
}

} // namespace

// NAME N+ N- NC+ NC- MODEL [ON|OFF]
void buildVoltageSwitch(CardReader& reader, ElabContext& context) {
    auto plus = context.node(reader);
    auto minus = plus ? context.node(reader) : std::nullopt;
    auto controlPlus = minus ? context.node(reader, "controlling node name") : std::nullopt;
    auto controlMinus = controlPlus ? context.node(reader, "controlling node name") : std::nullopt;
    if (!controlMinus) return;
    auto card = readSwitchModel(reader, context, false);
    if (!card) return;
    auto& device = context.circuit().add<solver::Switch>(context.elementName(reader.head()), reader.card().range, *plus,
                                                         *minus, *controlPlus, *controlMinus, card->model.model,
                                                         card->startsOn);
    deferOffResistance(context, device, *card);
}

// NAME N+ N- VCONTROL MODEL [ON|OFF]: the control is the current through VCONTROL.
void buildCurrentSwitch(CardReader& reader, ElabContext& context) {
    auto plus = context.node(reader);
    auto minus = plus ? context.node(reader) : std::nullopt;
    if (!minus) return;
    if (!reader.peekKind(ast::TokenKind::Word)) {
        reader.errorExpected("controlling voltage source name");
        return;
    }
    const ast::Token& controllerToken = reader.take();
    auto card = readSwitchModel(reader, context, true);
    if (!card) return;
    auto& device = context.circuit().add<solver::Switch>(context.elementName(reader.head()), reader.card().range, *plus,
                                                         *minus, card->model.model, card->startsOn);
    deferOffResistance(context, device, *card);
    std::string mappedName = context.elementName(toLower(controllerToken.text));
    context.defer([&context, &device, &controllerToken, mappedName] {
        const solver::Device* controller = context.circuit().findDevice(mappedName);
        const std::string name = toLower(controllerToken.text);
        if (!controller) {
            context.sink().error(controllerToken.range, "controlling source '" + controllerToken.text + "' of '" +
                                                            context.deck().displayName(device.name()) + "' does not exist");
            return;
        }
        if (name[0] != 'v' && name[0] != 'e' && name[0] != 'h' && name[0] != 'l') {
            context.sink().error(controllerToken.range, "controlling element '" + controllerToken.text +
                                                            "' must be a voltage source (it carries no branch current)");
            return;
        }
        device.setController(controller);
    });
}

} // namespace cablespice::elab
