#include "parser/elaborate/option_cards.hpp"

#include "parser/elaborate/text_util.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace cablespice::elab {

namespace {

const ParamSpec kNumericOptions[] = {
    {"reltol", {}, "", "relative tolerance (default 1e-3)"},
    {"abstol", {}, "A", "absolute current tolerance (default 1e-12)"},
    {"vntol", {}, "V", "absolute voltage tolerance (default 1e-6)"},
    {"chgtol", {}, "C", "absolute charge tolerance (default 1e-14)"},
    {"gmin", {}, "S", "minimum conductance (default 1e-12)"},
    {"trtol", {}, "", "truncation error overestimation factor (default 7)"},
    {"itl1", {}, "", "DC iteration limit"},
    {"itl2", {}, "", "DC transfer-curve iteration limit per point"},
    {"itl4", {}, "", "transient iteration limit per time point"},
    {"maxord", {}, "", "maximum integration order (1 or 2)"},
};

// Options in °C, which may be negative.
const ParamSpec kTemperatureOptions[] = {
    {"temp", {}, "degC", "circuit temperature (default 27; .temp wins)"},
    {"tnom", {}, "degC", "nominal temperature of TC1/TC2 (default 27)"},
};

// SPICE2/ngspice options that change listings or accounting only: accepted, no effect here.
constexpr std::array<std::string_view, 12> kListingOptions = {"list", "node", "post", "trans", "noacct", "acct",
                                                              "nopage", "nomod", "opts", "numdgt", "keepopinfo",
                                                              "noinit"};

void applyNumericOption(ElabContext& context, const std::string& name, double value) {
    auto& options = context.deck().options;
    auto& tol = options.tolerances;
    if (name == "reltol") tol.reltol = value;
    else if (name == "abstol") tol.abstol = value;
    else if (name == "vntol") tol.vntol = value;
    else if (name == "chgtol") tol.chgtol = value;
    else if (name == "gmin") tol.gmin = value;
    else if (name == "trtol") tol.trtol = value;
    // value > 0; clamped so that the conversion to int is defined (itl1=1e300).
    else if (name == "itl1") tol.itl1 = static_cast<int>(std::min(value, 1e9));
    else if (name == "itl2") tol.itl2 = static_cast<int>(std::min(value, 1e9));
    else if (name == "itl4") tol.itl4 = static_cast<int>(std::min(value, 1e9));
    else if (name == "maxord") options.maxOrder = static_cast<int>(std::min(value, 1e9));
}

void readMethod(CardReader& reader, ElabContext& context) {
    auto method = reader.expectName("integration method");
    if (!method) return;
    if (*method == "trap" || *method == "trapezoidal") context.deck().options.method = solver::IntegrationMethod::Trapezoidal;
    else if (*method == "gear" || *method == "bdf2") context.deck().options.method = solver::IntegrationMethod::Gear;
    else reader.error(reader.card().tokens[reader.position() - 1], "unknown integration method '" + *method + "' (use trap or gear)");
}

constexpr double kAbsoluteZeroCelsius = -273.15;

bool checkTemperature(CardReader& reader, const ast::Token& at, double celsius) {
    if (celsius > kAbsoluteZeroCelsius && std::isfinite(celsius)) return true;
    reader.error(at, "temperature must be above absolute zero (-273.15 degC)");
    return false;
}

// seed=N: a whole number >= 0 (ngspice's seed=random, a time-based seed, would make runs
// unrepeatable: refused).
void readSeed(CardReader& reader, ElabContext& context, const ast::Token& key) {
    if (reader.peekKeyword("random")) {
        reader.error(reader.take(), "seed=random is not supported (a run repeats exactly for a given seed): give a whole number");
        return;
    }
    auto value = reader.expectNumber("a seed for '" + key.text + "'");
    if (!value) return;
    if (!(*value >= 0.0 && *value < 1.8e19 && *value == std::floor(*value))) {
        reader.error(key, "seed must be a whole number >= 0");
        return;
    }
    context.deck().options.seed = static_cast<std::uint64_t>(*value);
    context.deck().options.seedGiven = true;
}

// breakpoints=t1[,t2 ...] (Xyce): times each .tran lands on.
void readBreakpoints(CardReader& reader, ElabContext& context, const ast::Token& key) {
    do {
        auto value = reader.expectNumber("a time for '" + key.text + "'");
        if (!value) return;
        if (*value < 0.0) {
            reader.error(key, "breakpoint times must not be negative");
            return;
        }
        context.deck().options.breakpoints.push_back(*value);
    } while (reader.takeIf(ast::TokenKind::Comma) || (reader.peekNumber() && !reader.peekKind(ast::TokenKind::Equals, 1)));
}

// gminsteps=N / srcsteps=N (ngspice): 0 switches that operating-point fallback off.
void readStepCount(CardReader& reader, ElabContext& context, const ast::Token& key, const std::string& name) {
    auto value = reader.expectNumber("a step count for '" + key.text + "'");
    if (!value) return;
    if (!(*value >= 0.0 && *value <= 1e9 && *value == std::floor(*value))) {
        reader.error(key, "option '" + key.text + "' must be a whole number >= 0");
        return;
    }
    auto& tol = context.deck().options.tolerances;
    (name == "gminsteps" ? tol.gminSteps : tol.sourceSteps) = static_cast<int>(*value);
}

void readOption(CardReader& reader, ElabContext& context) {
    const ast::Token& key = reader.take();
    std::string name = toLower(key.text);
    bool hasValue = reader.takeIf(ast::TokenKind::Equals);
    if (name == "method" && hasValue) return readMethod(reader, context);
    if (name == "seed" && hasValue) return readSeed(reader, context, key);
    if (name == "breakpoints" && hasValue) return readBreakpoints(reader, context, key);
    if ((name == "gminsteps" || name == "srcsteps") && hasValue) return readStepCount(reader, context, key, name);
    if (name == "noopiter" && !hasValue) {
        context.deck().options.tolerances.noOpIter = true;
        return;
    }
    if (name == "deftol" && hasValue) {
        auto value = reader.expectNumber("a relative standard deviation for '" + key.text + "'");
        if (value && !(*value >= 0.0 && *value < 1.0)) reader.error(key, "deftol must be in [0, 1)");
        else if (value) context.deck().options.deftol = *value;
        return;
    }
    if (name == "noisecontrib" && !hasValue) {
        context.deck().options.noiseContributions = true;
        return;
    }
    if (findParam(kTemperatureOptions, name)) {
        if (!hasValue) return reader.errorExpected("'=' and a temperature in degC");
        auto value = reader.expectNumber("a temperature for '" + key.text + "'");
        if (!value || !checkTemperature(reader, key, *value)) return;
        if (name == "temp") context.deck().options.optionsTemp = *value;
        else context.deck().options.nominalTemperature = *value;
        return;
    }
    const ParamSpec* spec = findParam(kNumericOptions, name);
    if (spec && hasValue) {
        if (auto value = reader.expectNumber("a value for '" + key.text + "'"); value && *value > 0)
            applyNumericOption(context, std::string(spec->name), *value);
        else if (value)
            reader.error(key, "option '" + key.text + "' must be positive");
        return;
    }
    if (hasValue && reader.peek()) reader.take();
    for (auto listing : kListingOptions)
        if (name == listing) return;
    std::string hint = suggestParam(kNumericOptions, name);
    context.sink().warning(key.range, "option '" + key.text + "' is not supported and has no effect" +
                                          (hint.empty() ? "" : " (" + hint + ")"));
}

} // namespace

void readOptions(CardReader& reader, ElabContext& context) {
    // Xyce names the option package first: .OPTIONS TIMEINT BREAKPOINTS=1n,2n RELTOL=1e-4.
    if (reader.peekKeyword("timeint") && !reader.peekKind(ast::TokenKind::Equals, 1)) reader.take();
    while (!reader.atEnd()) {
        if (!reader.peekKind(ast::TokenKind::Word)) {
            reader.expectEnd();
            return;
        }
        readOption(reader, context);
    }
}

void readTemperature(CardReader& reader, ElabContext& context) {
    auto value = reader.expectNumber("temperature");
    if (!value || !checkTemperature(reader, reader.card().tokens[1], *value)) return;
    if (!reader.atEnd()) {
        context.sink().warning(reader.peek()->range, ".temp with several temperatures: only the first, " +
                                                         reader.card().tokens[1].text + ", is simulated");
        reader.seek(reader.card().tokens.size());
    }
    context.deck().options.tempCard = *value;
}

namespace {

// v(node)=value ...: inside a subcircuit the instance's node.
void readNodeValues(CardReader& reader, ElabContext& context, std::vector<std::pair<solver::Unknown, double>>& target) {
    while (!reader.atEnd()) {
        if (!reader.peekKeyword("v") || !reader.peekKind(ast::TokenKind::LParen, 1)) {
            reader.errorExpected("v(node)=value");
            return;
        }
        reader.take();
        reader.take();
        auto node = reader.expectName("node name");
        if (!node) return;
        if (!reader.takeIf(ast::TokenKind::RParen) || !reader.takeIf(ast::TokenKind::Equals)) {
            reader.errorExpected("')='");
            return;
        }
        auto value = reader.expectNumber("initial voltage");
        if (!value) return;
        target.emplace_back(context.mapNode(*node), *value);
    }
}

} // namespace

void readInitialConditions(CardReader& reader, ElabContext& context) {
    readNodeValues(reader, context, context.deck().initialConditions);
}

void readNodesets(CardReader& reader, ElabContext& context) { readNodeValues(reader, context, context.deck().nodesets); }

} // namespace cablespice::elab
