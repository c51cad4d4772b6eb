#include "parser/elaborate/switch_model_card.hpp"
#include "parser/elaborate/param_bound.hpp"

#include <fmt/format.h>

#include <cmath>
#include <string>

namespace cablespice::elab {

namespace {

struct SwitchParam {
    std::string_view voltageName, currentName;  // SW's and CSW's name (RON, ROFF: both)
    Bound bound;
    double solver::SwitchModel::*field;
};

const SwitchParam kSwitchParams[] = {
    {"vt", "it", Bound::Any, &solver::SwitchModel::threshold},
    {"vh", "ih", Bound::NonNegative, &solver::SwitchModel::hysteresis},
    {"ron", "ron", Bound::Positive, &solver::SwitchModel::onResistance},
    {"roff", "roff", Bound::Positive, &solver::SwitchModel::offResistance},
};

const SwitchParam* findSwitchParam(const ModelCard& model, std::string_view name) {
    const bool current = isCurrentSwitchModel(model);
    for (const auto& param : kSwitchParams)
        if ((current ? param.currentName : param.voltageName) == name) return &param;
    return nullptr;
}

} // namespace

bool isVoltageSwitchModel(const ModelCard& model) { return model.type == "sw"; }
bool isCurrentSwitchModel(const ModelCard& model) { return model.type == "csw"; }

bool isKnownSwitchModelParam(const ModelCard& model, std::string_view name) {
    return findSwitchParam(model, name) != nullptr;
}

std::optional<SwitchModelCard> switchModelParameters(const ModelCard& model, DiagnosticSink& sink) {
    SwitchModelCard card;
    if (isCurrentSwitchModel(model)) card.model.approachMargin = 5e-5;
    bool ok = true;
    for (const auto& [name, param] : model.params) {
        const SwitchParam* spec = findSwitchParam(model, name);
        if (!spec) continue;  // warned about when the .model card was read
        if (param.values.size() != 1) {
            sink.error(param.origin, "switch model parameter '" + name + "' takes one value");
            ok = false;
            continue;
        }
        const double value = param.values.front();
        if (!withinBound(spec->bound, value)) {
            sink.error(param.origin, fmt::format("switch model parameter '{}' {} (got {:g})", name, describe(spec->bound), value));
            ok = false;
            continue;
        }
        card.model.*(spec->field) = value;
        if (name == "roff") card.offResistanceGiven = true;
    }
    if (!ok) return std::nullopt;
    return card;
}

} // namespace cablespice::elab
