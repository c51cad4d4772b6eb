#include "parser/elaborate/element_builders.hpp"

#include "parser/elaborate/passive_models.hpp"
#include "parser/elaborate/text_util.hpp"
#include "solver/devices/ac_value_resistor.hpp"
#include "solver/devices/capacitor.hpp"
#include "solver/devices/inductor.hpp"
#include "solver/devices/mutual_inductance.hpp"
#include "solver/devices/resistor.hpp"

#include <fmt/format.h>

#include <cctype>
#include <cmath>
#include <functional>

namespace cablespice::elab {

namespace {

const ParamSpec kResistorParams[] = {
    {"r", {"resistance"}, "ohm", "resistance"},
    {"ac", {}, "ohm", "resistance in .ac (default: the resistance)"},
    {"m", {}, "", "parallel multiplier"},
    {"tc1", {}, "1/K", "first-order temperature coefficient (tc=TC1[,TC2] sets both)"},
    {"tc2", {}, "1/K^2", "second-order temperature coefficient"},
    {"l", {}, "m", "length (with an R model's RSH)"},
    {"w", {}, "m", "width (with an R model's RSH)"},
    {"temp", {}, "degC", "the element's temperature (default: the circuit's)"},
    {"dtemp", {}, "K", "the element's offset from the circuit temperature"},
    {"noisy", {}, "", "0: the resistor makes no thermal noise in .noise (default 1)"},
};

const ParamSpec kCapacitorParams[] = {
    {"c", {"capacitance"}, "F", "capacitance"},
    {"ic", {}, "V", "initial voltage for .tran uic"},
    {"m", {}, "", "parallel multiplier"},
    {"tc1", {}, "1/K", "first-order temperature coefficient (tc=TC1[,TC2] sets both)"},
    {"tc2", {}, "1/K^2", "second-order temperature coefficient"},
    {"l", {}, "m", "length (with a C model's CJ, CJSW)"},
    {"w", {}, "m", "width (with a C model's CJ, CJSW)"},
    {"temp", {}, "degC", "the element's temperature (default: the circuit's)"},
    {"dtemp", {}, "K", "the element's offset from the circuit temperature"},
};

const ParamSpec kInductorParams[] = {
    {"l", {"inductance"}, "H", "inductance"},
    {"ic", {}, "A", "initial current for .tran uic"},
    {"m", {}, "", "parallel multiplier"},
    {"tc1", {}, "1/K", "first-order temperature coefficient (tc=TC1[,TC2] sets both)"},
    {"tc2", {}, "1/K^2", "second-order temperature coefficient"},
    {"temp", {}, "degC", "the element's temperature (default: the circuit's)"},
    {"dtemp", {}, "K", "the element's offset from the circuit temperature"},
};

std::string describe(const CardReader& reader, std::string_view kind) {
    return std::string(kind) + " '" + reader.head().text + "'";
}

char elementLetter(const CardReader& reader) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(reader.head().text.front())));
}

// What an R, C or L card says after its nodes: [value] [model] in either order, then name=value.
struct PassiveCard {
    std::optional<double> value;
    const ModelCard* model = nullptr;
    const ast::Token* modelToken = nullptr;
    std::map<std::string, double> params;

    std::optional<double> param(const std::string& name) const {
        auto it = params.find(name);
        return it == params.end() ? std::nullopt : std::optional<double>(it->second);
    }
};

const ModelCard* namedModel(const CardReader& reader, const ElabContext& context) {
    if (!reader.peekKind(ast::TokenKind::Word)) return nullptr;
    const ModelCard* model = context.findModel(toLower(reader.peek()->text));
    return model && isPassiveModelFor(elementLetter(reader), *model) ? model : nullptr;
}

bool atPositional(const CardReader& reader) {
    return reader.peekKind(ast::TokenKind::Expression) ||
           (reader.peekKind(ast::TokenKind::Word) && !reader.peekKind(ast::TokenKind::Equals, 1));
}

// name=value pairs; tc=TC1[,TC2] sets both coefficients, as ngspice, PSpice and LTspice write it.
void readPassiveParams(CardReader& reader, ElabContext& context, std::span<const ParamSpec> table, std::string_view kind,
                       std::map<std::string, double>& params) {
    for (;;) {
        if (reader.peekKeyword("tc") && reader.peekKind(ast::TokenKind::Equals, 1)) {
            reader.take();
            reader.take();
            if (auto tc1 = reader.expectNumber("TC1")) params["tc1"] = *tc1;
            if (reader.takeIf(ast::TokenKind::Comma))
                if (auto tc2 = reader.expectNumber("TC2")) params["tc2"] = *tc2;
            continue;
        }
        if (!context.instanceParam(reader, table, kind, params)) return;
    }
}

std::optional<PassiveCard> readPassiveCard(CardReader& reader, ElabContext& context, std::span<const ParamSpec> table,
                                           std::string_view kind, std::string_view valueName) {
    PassiveCard card;
    std::size_t before = context.sink().errorCount();
    for (int i = 0; i < 2 && atPositional(reader); ++i) {
        if (const ModelCard* model = namedModel(reader, context); model && !card.model) {
            card.model = model;
            card.modelToken = &reader.take();
        } else if (!card.value) {
            card.value = reader.expectNumber(valueName);
            if (!card.value) return std::nullopt;
        }
    }
    if (!reader.atEnd()) readPassiveParams(reader, context, table, describe(reader, kind), card.params);
    if (context.sink().errorCount() != before) return std::nullopt;
    if (auto value = card.param(std::string(table[0].name))) card.value = value;
    if (card.param("m").value_or(1.0) <= 0) {
        context.sink().error(reader.head().range, "m must be positive");
        return std::nullopt;
    }
    return card;
}

// The value at TNOM before m=: the card's, else its model's (geometry rules in passive_models).
std::optional<double> nominalValue(CardReader& reader, ElabContext& context, const PassiveCard& card,
                                   std::string_view kind, std::string_view valueName) {
    const bool geometry = elementLetter(reader) != 'l' && (card.param("l") || card.param("w"));
    if (!card.model) {
        if (geometry)
            context.sink().warning(reader.head().range, "l= and w= of " + describe(reader, kind) +
                                                            " have no effect without a model");
        if (!card.value)
            context.sink().error(reader.endOfPrevious(), "missing " + std::string(valueName) + " for " + describe(reader, kind));
        return card.value;
    }
    PassiveInstance instance{card.value, geometry ? card.param("l") : std::nullopt, card.param("w")};
    std::string error;
    auto value = passiveModelValue(elementLetter(reader), *card.model, instance, error);
    if (!value) context.sink().error(card.modelToken->range, error);
    return value;
}

// The model's TC1/TC2/TNOM, with the card's tc1=/tc2= taking the place of the model's.
TemperatureCoefficients temperatureCoefficients(const PassiveCard& card) {
    TemperatureCoefficients tc = card.model ? modelTemperatureCoefficients(*card.model) : TemperatureCoefficients{};
    tc.tc1 = card.param("tc1").value_or(tc.tc1);
    tc.tc2 = card.param("tc2").value_or(tc.tc2);
    return tc;
}

// The element's temperature [degC]: its temp=, else the circuit's plus its dtemp= (ngspice).
// Only known once every card is read (.temp and .options may follow the element).
double elementCelsius(const SimulationOptions& options, std::optional<double> temp, double dtemp) {
    return temp.value_or(options.temperature() + dtemp);
}

// Scales the element by its temperature factor once every card is read; `scale(factor,
// celsius)` reports a value the solver cannot take. A template, so that the elements without
// temperature coefficients (nearly all) build no std::function for it.
template <class Scale>
void applyTemperature(ElabContext& context, const PassiveCard& card, const TemperatureCoefficients& tc, Scale&& scale) {
    if (!tc.any()) return;
    const auto temp = card.param("temp");
    const double dtemp = card.param("dtemp").value_or(0.0);
    context.defer([&context, tc, scale = std::forward<Scale>(scale), temp, dtemp] {
        const auto& options = context.deck().options;
        const double celsius = elementCelsius(options, temp, dtemp);
        scale(tc.factor(celsius, options.nominalTemperature), celsius);
    });
}

// A resistor's thermal noise: at its own temperature, or none with noisy=0.
void applyNoise(ElabContext& context, const PassiveCard& card, solver::Resistor& resistor) {
    if (auto noisy = card.param("noisy")) resistor.setNoisy(*noisy != 0.0);
    const auto temp = card.param("temp");
    const double dtemp = card.param("dtemp").value_or(0.0);
    context.defer([&context, &resistor, temp, dtemp] {
        const double celsius = elementCelsius(context.deck().options, temp, dtemp);
        resistor.setNoiseTemperature(celsius + solver::kZeroCelsiusInKelvin);
    });
}

std::string atTemperature(double value, double celsius) {
    return fmt::format("{:g} at {:g} degC (TC1, TC2)", value, celsius);
}

bool checkPositive(CardReader& reader, ElabContext& context, double value, std::string_view what) {
    if (value > 0 && std::isfinite(value)) return true;
    context.sink().error(reader.card().range, std::string(what) + " of '" + reader.head().text +
                                                  "' must be positive and finite");
    return false;
}

// ngspice accepts R=0 as a short and gives it its minimum resistance, 1 mOhm; so does
// cablespice, which keeps the branch (its nodes stay nodes of the rawfile).
double shortResistance(CardReader& reader, ElabContext& context) {
    constexpr double kMinimumResistance = 1e-3;
    context.sink().report(Diagnostic{Severity::Note, reader.card().range,
                                     "resistor '" + reader.head().text + "' of 0 ohm is a short: solved as 1 mOhm, as ngspice does",
                                     {}});
    return kMinimumResistance;
}

// A 0 F capacitor carries no current in any analysis: ngspice accepts it, cablespice drops it.
void dropZeroCapacitor(CardReader& reader, ElabContext& context) {
    context.sink().report(Diagnostic{Severity::Note, reader.card().range,
                                     "capacitor '" + reader.head().text + "' of 0 F carries no current: left out", {}});
}

} // namespace

void buildResistor(CardReader& reader, ElabContext& context) {
    auto a = context.node(reader);
    auto b = a ? context.node(reader) : std::nullopt;
    if (!b) return;
    auto card = readPassiveCard(reader, context, kResistorParams, "resistor", "resistance");
    auto r = card ? nominalValue(reader, context, *card, "resistor", "resistance") : std::nullopt;
    if (!r) return;
    const auto ac = card->param("ac");
    if (!std::isfinite(*r) || (ac && (*ac == 0.0 || !std::isfinite(*ac)))) {
        context.sink().error(reader.card().range, "resistance of '" + reader.head().text + "' must be finite (and ac= nonzero)");
        return;
    }
    if (*r == 0.0) *r = shortResistance(reader, context);
    const double m = card->param("m").value_or(1.0) * context.frame().multiplier;
    std::string name = context.elementName(reader.head());
    solver::Resistor* resistor = nullptr;
    solver::AcValueResistor* acResistor = nullptr;
    if (ac) resistor = acResistor = &context.circuit().add<solver::AcValueResistor>(name, reader.card().range, *a, *b, *r / m, *ac / m);
    else resistor = &context.circuit().add<solver::Resistor>(name, reader.card().range, *a, *b, *r / m);
    context.setValueScale(name, 1.0 / m);
    applyNoise(context, *card, *resistor);
    applyTemperature(context, *card, temperatureCoefficients(*card),
                     [&context, resistor, acResistor, r = *r, ac, m, where = reader.card().range,
                      shown = reader.head().text](double factor, double celsius) {
                         if (r * factor == 0.0 || ac.value_or(r) * factor == 0.0) {
                             context.sink().error(where, "resistance of '" + shown + "' is " + atTemperature(0.0, celsius));
                             return;
                         }
                         resistor->setResistance(r * factor / m);
                         context.setValueScale(resistor->name(), factor / m);
                         if (acResistor) acResistor->setAcResistance(*ac * factor / m);
                     });
}

void buildCapacitor(CardReader& reader, ElabContext& context) {
    auto a = context.node(reader);
    auto b = a ? context.node(reader) : std::nullopt;
    if (!b) return;
    auto card = readPassiveCard(reader, context, kCapacitorParams, "capacitor", "capacitance");
    auto c = card ? nominalValue(reader, context, *card, "capacitor", "capacitance") : std::nullopt;
    if (c && *c == 0.0) return dropZeroCapacitor(reader, context);
    if (!c || !checkPositive(reader, context, *c, "capacitance")) return;
    const double m = card->param("m").value_or(1.0) * context.frame().multiplier;
    auto& capacitor = context.circuit().add<solver::Capacitor>(context.elementName(reader.head()), reader.card().range,
                                                               *a, *b, *c * m, card->param("ic"));
    context.setValueScale(capacitor.name(), m);
    applyTemperature(context, *card, temperatureCoefficients(*card),
                     [&context, &capacitor, c = *c, m, where = reader.card().range,
                      shown = reader.head().text](double factor, double celsius) {
                         if (!(c * factor > 0.0)) {
                             context.sink().error(where, "capacitance of '" + shown + "' is " + atTemperature(c * factor, celsius));
                             return;
                         }
                         capacitor.setCapacitance(c * factor * m);
                         context.setValueScale(capacitor.name(), factor * m);
                     });
}

void buildInductor(CardReader& reader, ElabContext& context) {
    auto a = context.node(reader);
    auto b = a ? context.node(reader) : std::nullopt;
    if (!b) return;
    auto card = readPassiveCard(reader, context, kInductorParams, "inductor", "inductance");
    auto l = card ? nominalValue(reader, context, *card, "inductor", "inductance") : std::nullopt;
    if (!l || !checkPositive(reader, context, *l, "inductance")) return;
    const double m = card->param("m").value_or(1.0) * context.frame().multiplier;
    auto& inductor = context.circuit().add<solver::Inductor>(context.elementName(reader.head()), reader.card().range,
                                                             *a, *b, *l / m, card->param("ic"));
    context.setValueScale(inductor.name(), 1.0 / m);
    applyTemperature(context, *card, temperatureCoefficients(*card),
                     [&context, &inductor, l = *l, m, where = reader.card().range,
                      shown = reader.head().text](double factor, double celsius) {
                         if (!(l * factor > 0.0)) {
                             context.sink().error(where, "inductance of '" + shown + "' is " + atTemperature(l * factor, celsius));
                             return;
                         }
                         inductor.setInductance(l * factor / m);
                         context.setValueScale(inductor.name(), factor / m);
                     });
}

namespace {

struct InductorReference {
    std::string name;
    const ast::Token* token;
};

void resolveCoupling(ElabContext& context, solver::MutualInductance& coupling,
                     const std::vector<InductorReference>& references) {
    std::vector<const solver::Inductor*> inductors;
    for (const auto& reference : references) {
        auto* device = dynamic_cast<const solver::Inductor*>(context.circuit().findDevice(reference.name));
        if (!device) {
            context.sink().error(reference.token->range, "'" + reference.token->text + "' coupled by '" +
                                                             coupling.name() + "' is not an inductor in this netlist");
            continue;
        }
        inductors.push_back(device);
    }
    coupling.setInductors(std::move(inductors));
}

} // namespace

// K name L1 L2 [L3 ...] k  (ngspice allows several inductors sharing one coefficient)
void buildMutualInductance(CardReader& reader, ElabContext& context) {
    std::vector<InductorReference> references;
    while (!reader.atEnd() && reader.peek(1) != nullptr && reader.peekKind(ast::TokenKind::Word))
        references.push_back({context.elementName(toLower(reader.peek()->text)), &reader.take()});
    if (references.size() < 2) {
        reader.errorExpected(references.empty() ? "inductor name" : "second inductor name");
        return;
    }
    auto k = reader.expectNumber("coupling coefficient");
    if (!k) return;
    reader.expectEnd();
    if (!(std::abs(*k) <= 1.0)) {
        context.sink().error(reader.card().tokens.back().range,
                             "coupling coefficient of '" + reader.head().text + "' must satisfy |k| <= 1");
        return;
    }
    auto& coupling = context.circuit().add<solver::MutualInductance>(context.elementName(reader.head()), reader.card().range,
                                                                     std::vector<const solver::Inductor*>{}, *k);
    context.defer([&context, &coupling, references] { resolveCoupling(context, coupling, references); });
}

} // namespace cablespice::elab
