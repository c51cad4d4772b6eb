#include "parser/elaborate/jfet_model_card.hpp"
#include "parser/elaborate/param_bound.hpp"

#include <fmt/format.h>

#include <cmath>
#include <string>

namespace cablespice::elab {

namespace {

using Parameters = solver::JfetModelParameters;

struct JfetParam {
    std::string_view name;
    Bound bound;
    double Parameters::*field;                   // plain fields
    std::optional<double> Parameters::*optional;  // fields whose presence matters
};

const JfetParam kJfetParams[] = {
    {"vto", Bound::Any, &Parameters::vto, nullptr},
    {"beta", Bound::Positive, &Parameters::beta, nullptr},
    {"lambda", Bound::NonNegative, &Parameters::lambda, nullptr},
    {"rd", Bound::NonNegative, &Parameters::rd, nullptr},
    {"rs", Bound::NonNegative, &Parameters::rs, nullptr},
    {"cgs", Bound::NonNegative, &Parameters::cgs, nullptr},
    {"cgd", Bound::NonNegative, &Parameters::cgd, nullptr},
    {"pb", Bound::Positive, &Parameters::pb, nullptr},
    {"is", Bound::Positive, &Parameters::is, nullptr},
    {"b", Bound::Positive, &Parameters::b, nullptr},
    {"fc", Bound::BelowOne, &Parameters::fc, nullptr},
    {"kf", Bound::NonNegative, &Parameters::kf, nullptr},
    {"af", Bound::Positive, &Parameters::af, nullptr},
    {"tcv", Bound::Any, &Parameters::tcv, nullptr},
    {"vtotc", Bound::Any, nullptr, &Parameters::vtotc},
    {"bex", Bound::Any, &Parameters::bex, nullptr},
    {"betatce", Bound::Any, nullptr, &Parameters::betatce},
    {"xti", Bound::Any, nullptr, &Parameters::xti},
    {"eg", Bound::Positive, &Parameters::eg, nullptr},
    {"tnom", Bound::Any, nullptr, &Parameters::tnom},
    {"nlev", Bound::Any, nullptr, nullptr},  // an integer (set by hand below)
    {"gdsnoi", Bound::NonNegative, &Parameters::gdsnoi, nullptr},
};

const JfetParam* findJfetParam(std::string_view name) {
    for (const auto& param : kJfetParams)
        if (param.name == name) return &param;
    return nullptr;
}

} // namespace

bool isJfetModel(const ModelCard& model) { return model.type == "njf" || model.type == "pjf"; }

bool isKnownJfetModelParam(std::string_view name) { return findJfetParam(name) != nullptr; }

std::optional<solver::JfetModelParameters> jfetModelParameters(const ModelCard& model, DiagnosticSink& sink) {
    Parameters parameters;
    parameters.pChannel = model.type == "pjf";
    bool ok = true;
    for (const auto& [name, param] : model.params) {
        const JfetParam* spec = findJfetParam(name);
        if (!spec) continue;  // warned about when the .model card was read
        if (param.values.size() != 1) {
            sink.error(param.origin, "JFET model parameter '" + name + "' takes one value");
            ok = false;
            continue;
        }
        const double value = param.values.front();
        if (!withinBound(spec->bound, value)) {
            sink.error(param.origin, fmt::format("JFET model parameter '{}' {} (got {:g})", name, describe(spec->bound), value));
            ok = false;
            continue;
        }
        if (spec->field) parameters.*(spec->field) = value;
        if (spec->optional) parameters.*(spec->optional) = value;
        if (name == "nlev") parameters.nlev = static_cast<int>(value);  // ngspice reads an integer
    }
    // B's tail factor divides by PB - VTO.
    if (ok && parameters.b != 1.0 && parameters.pb == parameters.vto) {
        sink.error(model.origin, "JFET model '" + model.name + "': B differs from 1 but PB equals VTO");
        ok = false;
    }
    if (!ok) return std::nullopt;
    return parameters;
}

} // namespace cablespice::elab
