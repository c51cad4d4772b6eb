#include "parser/elaborate/diode_model_card.hpp"

#include "parser/elaborate/param_bound.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <string>

namespace cablespice::elab {

namespace {

struct DiodeParam {
    std::string_view name;
    std::array<std::string_view, 2> aliases;
    Bound bound;
    double solver::DiodeModelParameters::*field;  // null: optional fields, set by hand
};

const DiodeParam kDiodeParams[] = {
    {"is", {}, Bound::Positive, &solver::DiodeModelParameters::is},
    {"n", {}, Bound::Positive, &solver::DiodeModelParameters::n},
    {"rs", {}, Bound::NonNegative, &solver::DiodeModelParameters::rs},
    {"cjo", {"cj0", "cj"}, Bound::NonNegative, &solver::DiodeModelParameters::cjo},
    {"vj", {"pb"}, Bound::Positive, &solver::DiodeModelParameters::vj},
    {"m", {"mj"}, Bound::BelowOne, &solver::DiodeModelParameters::m},
    {"fc", {}, Bound::BelowOne, &solver::DiodeModelParameters::fc},
    {"tt", {}, Bound::NonNegative, &solver::DiodeModelParameters::tt},
    {"bv", {}, Bound::Positive, nullptr},
    {"ibv", {}, Bound::Positive, &solver::DiodeModelParameters::ibv},
    {"eg", {}, Bound::Positive, &solver::DiodeModelParameters::eg},
    {"xti", {}, Bound::Any, &solver::DiodeModelParameters::xti},
    {"kf", {}, Bound::NonNegative, &solver::DiodeModelParameters::kf},
    {"af", {}, Bound::Positive, &solver::DiodeModelParameters::af},
    {"tnom", {}, Bound::Any, nullptr},
};

const DiodeParam* findDiodeParam(std::string_view name) {
    for (const auto& param : kDiodeParams) {
        if (param.name == name) return &param;
        for (auto alias : param.aliases)
            if (!alias.empty() && alias == name) return &param;
    }
    return nullptr;
}

} // namespace

bool isDiodeModel(const ModelCard& model) { return model.type == "d"; }

bool isKnownDiodeModelParam(std::string_view name) { return findDiodeParam(name) != nullptr; }

std::optional<solver::DiodeModelParameters> diodeModelParameters(const ModelCard& model, DiagnosticSink& sink) {
    solver::DiodeModelParameters parameters;
    bool ok = true;
    for (const auto& [name, param] : model.params) {
        const DiodeParam* spec = findDiodeParam(name);
        if (!spec) continue;  // warned about when the .model card was read
        if (param.values.size() != 1) {
            sink.error(param.origin, "diode model parameter '" + name + "' takes one value");
            ok = false;
            continue;
        }
        const double value = param.values.front();
        if (!withinBound(spec->bound, value)) {
            sink.error(param.origin, fmt::format("diode model parameter '{}' {} (got {:g})", name, describe(spec->bound), value));
            ok = false;
            continue;
        }
        if (spec->field) parameters.*(spec->field) = value;
        else if (spec->name == "bv") parameters.bv = value;
        else parameters.tnom = value;
    }
    if (!ok) return std::nullopt;
    return parameters;
}

} // namespace cablespice::elab
