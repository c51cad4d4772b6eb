#include "parser/elaborate/mosfet_model_card.hpp"
#include "parser/elaborate/param_bound.hpp"

#include <fmt/format.h>

#include <cmath>
#include <string>

namespace cablespice::elab {

namespace {

using Parameters = solver::MosfetModelParameters;

// Each parameter writes either a plain field or an optional one (whose absence matters).
struct MosfetParam {
    std::string_view name;
    Bound bound;
    double Parameters::*field = nullptr;
    std::optional<double> Parameters::*optionalField = nullptr;
};

constexpr MosfetParam plain(std::string_view name, Bound bound, double Parameters::*field) {
    return {name, bound, field, nullptr};
}
constexpr MosfetParam given(std::string_view name, Bound bound, std::optional<double> Parameters::*field) {
    return {name, bound, nullptr, field};
}

const MosfetParam kMosfetParams[] = {
    given("vto", Bound::Any, &Parameters::vto),         given("vt0", Bound::Any, &Parameters::vto),
    given("kp", Bound::Positive, &Parameters::kp),      given("gamma", Bound::NonNegative, &Parameters::gamma),
    given("phi", Bound::Positive, &Parameters::phi),    plain("lambda", Bound::NonNegative, &Parameters::lambda),
    given("rd", Bound::NonNegative, &Parameters::rd),   given("rs", Bound::NonNegative, &Parameters::rs),
    given("cbd", Bound::NonNegative, &Parameters::cbd), given("cbs", Bound::NonNegative, &Parameters::cbs),
    plain("is", Bound::Positive, &Parameters::is),      plain("pb", Bound::Positive, &Parameters::pb),
    plain("cgso", Bound::NonNegative, &Parameters::cgso), plain("cgdo", Bound::NonNegative, &Parameters::cgdo),
    plain("cgbo", Bound::NonNegative, &Parameters::cgbo), given("rsh", Bound::NonNegative, &Parameters::rsh),
    given("cj", Bound::NonNegative, &Parameters::cj),   plain("mj", Bound::BelowOne, &Parameters::mj),
    given("cjsw", Bound::NonNegative, &Parameters::cjsw), given("mjsw", Bound::BelowOne, &Parameters::mjsw),
    plain("js", Bound::NonNegative, &Parameters::js),   given("tox", Bound::Positive, &Parameters::tox),
    given("nsub", Bound::Positive, &Parameters::nsub),  plain("nss", Bound::Any, &Parameters::nss),
    plain("tpg", Bound::Any, &Parameters::tpg),         plain("ld", Bound::NonNegative, &Parameters::ld),
    given("uo", Bound::Positive, &Parameters::uo),      given("u0", Bound::Positive, &Parameters::uo),
    plain("fc", Bound::BelowOne, &Parameters::fc),      plain("kf", Bound::NonNegative, &Parameters::kf),
    plain("af", Bound::Positive, &Parameters::af),      given("tnom", Bound::Any, &Parameters::tnom),
    plain("theta", Bound::NonNegative, &Parameters::theta), plain("eta", Bound::NonNegative, &Parameters::eta),
    plain("kappa", Bound::NonNegative, &Parameters::kappa), plain("delta", Bound::NonNegative, &Parameters::delta),
    plain("vmax", Bound::NonNegative, &Parameters::vmax), plain("xj", Bound::NonNegative, &Parameters::xj),
    plain("nfs", Bound::NonNegative, &Parameters::nfs),   plain("xl", Bound::Any, &Parameters::xl),
    plain("xw", Bound::Any, &Parameters::xw),             plain("wd", Bound::NonNegative, &Parameters::wd),
    plain("delvto", Bound::Any, &Parameters::delvto),     plain("delvt0", Bound::Any, &Parameters::delvto),
    plain("uexp", Bound::NonNegative, &Parameters::uexp), plain("ucrit", Bound::Positive, &Parameters::ucrit),
    plain("neff", Bound::Positive, &Parameters::neff),
    plain("nlev", Bound::Any, nullptr), plain("gdsnoi", Bound::NonNegative, nullptr),
    {"level", Bound::Any},
};

const MosfetParam* findMosfetParam(std::string_view name) {
    for (const auto& param : kMosfetParams)
        if (param.name == name) return &param;
    return nullptr;
}

// Parameters of some levels only (ngspice's model of another level does not know them).
struct LevelOnly {
    std::string_view name;
    bool level1, level2, level3;
};
constexpr LevelOnly kLevelOnly[] = {
    {"lambda", true, true, false}, {"theta", false, false, true}, {"eta", false, false, true},
    {"kappa", false, false, true}, {"xl", false, false, true},    {"xw", false, false, true},
    {"wd", false, false, true},    {"delvto", false, false, true}, {"delvt0", false, false, true},
    {"delta", false, true, true},  {"vmax", false, true, true},  {"xj", false, true, true},
    {"nfs", false, true, true},    {"uexp", false, true, false}, {"ucrit", false, true, false},
    {"neff", false, true, false},
};

// True when the parameter means nothing at this level (it is then named in a warning).
bool foreignToLevel(std::string_view name, int level) {
    for (const auto& only : kLevelOnly)
        if (only.name == name) return !(level == 1 ? only.level1 : level == 2 ? only.level2 : only.level3);
    return false;
}

// Levels 1, 2 and 3 are SPICE3's; any other level (BSIM, ...) is named as unsupported.
bool checkLevel(const ModelParam& param, DiagnosticSink& sink) {
    const double level = param.values.front();
    if (level == 1.0 || level == 2.0 || level == 3.0) return true;
    sink.error(param.origin, fmt::format("MOSFET level {:g} is not supported (levels 1, 2 and 3 are SPICE3's)", level));
    return false;
}

} // namespace

bool isMosfetModel(const ModelCard& model) { return model.type == "nmos" || model.type == "pmos"; }

bool isKnownMosfetModelParam(std::string_view name) { return findMosfetParam(name) != nullptr; }

std::optional<solver::MosfetModelParameters> mosfetModelParameters(const ModelCard& model, DiagnosticSink& sink) {
    Parameters parameters;
    parameters.polarity = model.type == "pmos" ? -1 : 1;
    bool ok = true;
    for (const auto& [name, param] : model.params) {
        const MosfetParam* spec = findMosfetParam(name);
        if (!spec) continue;  // warned about when the .model card was read
        if (param.values.size() != 1) {
            sink.error(param.origin, "MOSFET model parameter '" + name + "' takes one value");
            ok = false;
            continue;
        }
        const double value = param.values.front();
        if (!withinBound(spec->bound, value)) {
            sink.error(param.origin,
                       fmt::format("MOSFET model parameter '{}' {} (got {:g})", name, describe(spec->bound), value));
            ok = false;
            continue;
        }
        if (spec->field) parameters.*(spec->field) = value;
        else if (spec->optionalField) parameters.*(spec->optionalField) = value;
        else if (spec->name == "level" && !checkLevel(param, sink)) ok = false;
        else if (spec->name == "level") parameters.level = static_cast<int>(value);
    }
    if (ok)
        for (const auto& [name, param] : model.params)
            if (foreignToLevel(name, parameters.level))
                sink.warning(param.origin, fmt::format("parameter '{}' of MOSFET model '{}' has no effect at level {}",
                                                       name, model.name, parameters.level));
    if (!ok) return std::nullopt;
    return parameters;
}

} // namespace cablespice::elab
