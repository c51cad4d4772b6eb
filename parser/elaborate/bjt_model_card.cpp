#include "parser/elaborate/bjt_model_card.hpp"

#include "parser/elaborate/param_bound.hpp"

#include <fmt/format.h>

#include <array>
#include <string>

namespace cablespice::elab {

namespace {

using Params = solver::BjtModelParameters;

struct BjtParam {
    std::string_view name;
    std::array<std::string_view, 2> aliases;
    Bound bound;
    double Params::*field;  // null: fields set by hand (RBM, TNOM, SUBS)
};

// ngspice 39's names (bjt.c) with the aliases it accepts.
const BjtParam kBjtParams[] = {
    {"is", {}, Bound::Positive, &Params::is},
    {"bf", {}, Bound::Positive, &Params::bf},
    {"nf", {}, Bound::Positive, &Params::nf},
    {"vaf", {"va"}, Bound::NonNegative, &Params::vaf},
    {"ikf", {"ik"}, Bound::NonNegative, &Params::ikf},
    {"ise", {"c2"}, Bound::NonNegative, &Params::ise},
    {"ne", {}, Bound::Positive, &Params::ne},
    {"br", {}, Bound::Positive, &Params::br},
    {"nr", {}, Bound::Positive, &Params::nr},
    {"var", {"vb"}, Bound::NonNegative, &Params::var},
    {"ikr", {}, Bound::NonNegative, &Params::ikr},
    {"isc", {"c4"}, Bound::NonNegative, &Params::isc},
    {"nc", {}, Bound::Positive, &Params::nc},
    {"rb", {}, Bound::NonNegative, &Params::rb},
    {"irb", {}, Bound::NonNegative, &Params::irb},
    {"rbm", {}, Bound::NonNegative, nullptr},
    {"re", {}, Bound::NonNegative, &Params::re},
    {"rc", {}, Bound::NonNegative, &Params::rc},
    {"cje", {}, Bound::NonNegative, &Params::cje},
    {"vje", {"pe"}, Bound::Positive, &Params::vje},
    {"mje", {"me"}, Bound::BelowOne, &Params::mje},
    {"tf", {}, Bound::NonNegative, &Params::tf},
    {"xtf", {}, Bound::NonNegative, &Params::xtf},
    {"vtf", {}, Bound::NonNegative, &Params::vtf},
    {"itf", {}, Bound::NonNegative, &Params::itf},
    {"ptf", {}, Bound::NonNegative, &Params::ptf},
    {"cjc", {}, Bound::NonNegative, &Params::cjc},
    {"vjc", {"pc"}, Bound::Positive, &Params::vjc},
    {"mjc", {"mc"}, Bound::BelowOne, &Params::mjc},
    {"xcjc", {}, Bound::UnitInterval, &Params::xcjc},
    {"tr", {}, Bound::NonNegative, &Params::tr},
    {"cjs", {"csub", "ccs"}, Bound::NonNegative, &Params::cjs},
    {"vjs", {"ps"}, Bound::Positive, &Params::vjs},
    {"mjs", {"ms"}, Bound::BelowOne, &Params::mjs},
    {"xtb", {}, Bound::Any, &Params::xtb},
    {"eg", {}, Bound::Positive, &Params::eg},
    {"xti", {}, Bound::Any, &Params::xti},
    {"fc", {}, Bound::BelowOne, &Params::fc},
    {"kf", {}, Bound::NonNegative, &Params::kf},  // flicker noise (.noise only)
    {"af", {}, Bound::Positive, &Params::af},
    {"tnom", {"tref"}, Bound::Any, nullptr},
    {"subs", {}, Bound::Any, nullptr},
};

const BjtParam* findBjtParam(std::string_view name) {
    for (const auto& param : kBjtParams) {
        if (param.name == name) return &param;
        for (auto alias : param.aliases)
            if (!alias.empty() && alias == name) return &param;
    }
    return nullptr;
}

// The fields without a plain double member; false (with an error) for a bad SUBS.
bool setSpecial(const BjtParam& spec, const std::string& name, const ModelParam& param, double value, Params& out,
                DiagnosticSink& sink) {
    if (spec.name == "rbm") out.rbm = value;
    else if (spec.name == "tnom") out.tnom = value;
    else if (spec.name == "subs") {
        if (value != 1.0 && value != -1.0) {
            sink.error(param.origin, fmt::format("bipolar model parameter '{}' must be 1 (vertical) or -1 (lateral) (got {:g})",
                                                 name, value));
            return false;
        }
        out.substrate = static_cast<int>(value);
    }
    return true;
}

} // namespace

bool isBjtModel(const ModelCard& model) { return model.type == "npn" || model.type == "pnp"; }

bool isKnownBjtModelParam(std::string_view name) { return findBjtParam(name) != nullptr; }

std::optional<solver::BjtModelParameters> bjtModelParameters(const ModelCard& model, DiagnosticSink& sink) {
    Params parameters;
    parameters.polarity = model.type == "pnp" ? -1 : 1;
    bool ok = true;
    for (const auto& [name, param] : model.params) {
        const BjtParam* spec = findBjtParam(name);
        if (!spec) continue;  // warned about when the .model card was read
        if (param.values.size() != 1) {
            sink.error(param.origin, "bipolar model parameter '" + name + "' takes one value");
            ok = false;
            continue;
        }
        const double value = param.values.front();
        if (!withinBound(spec->bound, value)) {
            sink.error(param.origin,
                       fmt::format("bipolar model parameter '{}' {} (got {:g})", name, describe(spec->bound), value));
            ok = false;
            continue;
        }
        if (spec->field) parameters.*(spec->field) = value;
        else ok = setSpecial(*spec, name, param, value, parameters, sink) && ok;
    }
    if (!ok) return std::nullopt;
    return parameters;
}

} // namespace cablespice::elab
