#include "parser/elaborate/element_builders.hpp"

#include "parser/elaborate/text_util.hpp"
#include "solver/devices/capacitor.hpp"
#include "solver/devices/inductor.hpp"
#include "solver/devices/mutual_inductance.hpp"
#include "solver/devices/resistor.hpp"

#include <cmath>

namespace cablespice::elab {

namespace {

const ParamSpec kResistorParams[] = {
    {"r", {"resistance"}, "ohm", "resistance"},
    {"m", {}, "", "parallel multiplier"},
    {"tc1", {}, "1/K", "first-order temperature coefficient (no effect at the nominal temperature)"},
    {"tc2", {}, "1/K^2", "second-order temperature coefficient (no effect at the nominal temperature)"},
};

const ParamSpec kCapacitorParams[] = {
    {"c", {"capacitance"}, "F", "capacitance"},
    {"ic", {}, "V", "initial voltage for .tran uic"},
    {"m", {}, "", "parallel multiplier"},
};

const ParamSpec kInductorParams[] = {
    {"l", {"inductance"}, "H", "inductance"},
    {"ic", {}, "A", "initial current for .tran uic"},
    {"m", {}, "", "parallel multiplier"},
};

std::string describe(const CardReader& reader, std::string_view kind) {
    return std::string(kind) + " '" + reader.head().text + "'";
}

// The element value: positional, or given as `key=value` (e.g. R=1); reports when missing.
std::optional<double> elementValue(CardReader& reader, ElabContext& context, std::span<const ParamSpec> table,
                                   std::string_view kind, std::string_view valueName,
                                   std::map<std::string, double>& params) {
    std::optional<double> value;
    bool positional = reader.peekKind(ast::TokenKind::Expression) ||
                      (reader.peekKind(ast::TokenKind::Word) && !reader.peekKind(ast::TokenKind::Equals, 1));
    if (positional) value = reader.expectNumber(valueName);
    std::size_t before = context.sink().errorCount();
    params = context.instanceParams(reader, table, describe(reader, kind));
    std::string key(table[0].name);
    if (params.count(key)) value = params[key];
    if (!value && !positional && context.sink().errorCount() == before)
        context.sink().error(reader.endOfPrevious(), "missing " + std::string(valueName) + " for " +
                                                         describe(reader, kind));
    if (value && params.count("m")) {
        if (params["m"] <= 0) context.sink().error(reader.head().range, "m must be positive");
    }
    return value;
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
    std::map<std::string, double> params;
    auto r = elementValue(reader, context, kResistorParams, "resistor", "resistance", params);
    if (!r) return;
    if (!std::isfinite(*r)) {
        context.sink().error(reader.card().range, "resistance of '" + reader.head().text + "' must be finite");
        return;
    }
    if (*r == 0.0) *r = shortResistance(reader, context);
    double m = params.count("m") ? params["m"] : 1.0;
    context.circuit().add<solver::Resistor>(context.elementName(reader.head()), reader.card().range, *a, *b, *r / m);
}

void buildCapacitor(CardReader& reader, ElabContext& context) {
    auto a = context.node(reader);
    auto b = a ? context.node(reader) : std::nullopt;
    if (!b) return;
    std::map<std::string, double> params;
    auto c = elementValue(reader, context, kCapacitorParams, "capacitor", "capacitance", params);
    if (c && *c == 0.0) return dropZeroCapacitor(reader, context);
    if (!c || !checkPositive(reader, context, *c, "capacitance")) return;
    double m = params.count("m") ? params["m"] : 1.0;
    std::optional<double> ic;
    if (params.count("ic")) ic = params["ic"];
    context.circuit().add<solver::Capacitor>(context.elementName(reader.head()), reader.card().range, *a, *b, *c * m, ic);
}

void buildInductor(CardReader& reader, ElabContext& context) {
    auto a = context.node(reader);
    auto b = a ? context.node(reader) : std::nullopt;
    if (!b) return;
    std::map<std::string, double> params;
    auto l = elementValue(reader, context, kInductorParams, "inductor", "inductance", params);
    if (!l || !checkPositive(reader, context, *l, "inductance")) return;
    double m = params.count("m") ? params["m"] : 1.0;
    std::optional<double> ic;
    if (params.count("ic")) ic = params["ic"];
    context.circuit().add<solver::Inductor>(context.elementName(reader.head()), reader.card().range, *a, *b, *l / m, ic);
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
