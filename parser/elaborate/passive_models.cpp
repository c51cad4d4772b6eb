#include "parser/elaborate/passive_models.hpp"

#include <algorithm>
#include <array>

namespace cablespice::elab {

namespace {

constexpr double kDefaultWidth = 10e-6;   // ngspice DEFW
constexpr double kDefaultLength = 10e-6;  // ngspice's R model L

std::optional<double> param(const ModelCard& model, std::string_view name) {
    auto it = model.params.find(std::string(name));
    if (it == model.params.end() || it->second.values.empty()) return std::nullopt;
    return it->second.values.front();
}

double paramOr(const ModelCard& model, std::string_view name, double fallback) {
    return param(model, name).value_or(fallback);
}

std::optional<double> resistorValue(const ModelCard& model, const PassiveInstance& instance, std::string& error) {
    if (auto rsh = param(model, "rsh"); rsh && *rsh != 0.0) {
        const double length = instance.length.value_or(paramOr(model, "l", kDefaultLength)) - 2.0 * paramOr(model, "short", 0.0);
        const double width = instance.width.value_or(paramOr(model, "defw", kDefaultWidth)) - 2.0 * paramOr(model, "narrow", 0.0);
        if (length > 0.0 && width > 0.0) return *rsh * length / width;
        error = "the effective length L - 2*SHORT and width W - 2*NARROW of model '" + model.name + "' must be positive";
        return std::nullopt;
    }
    if (auto r = param(model, "r")) return r;
    if (auto r = param(model, "res")) return r;
    error = "model '" + model.name + "' gives no resistance (RSH or R) and the element none";
    return std::nullopt;
}

std::optional<double> capacitorValue(const ModelCard& model, const PassiveInstance& instance, std::string& error) {
    if (auto cap = param(model, "cap")) return cap;
    const auto cj = param(model, "cj"), cjsw = param(model, "cjsw");
    if (!cj && !cjsw) {
        error = "model '" + model.name + "' gives no capacitance (CAP, CJ or CJSW) and the element none";
        return std::nullopt;
    }
    const double length = instance.length.value_or(0.0) - paramOr(model, "short", 0.0);
    const double width = instance.width.value_or(paramOr(model, "defw", kDefaultWidth)) - paramOr(model, "narrow", 0.0);
    if (length < 0.0 || width <= 0.0) {
        error = "the effective length L - SHORT and width W - NARROW of model '" + model.name + "' must be positive";
        return std::nullopt;
    }
    return cj.value_or(0.0) * length * width + 2.0 * cjsw.value_or(0.0) * (length + width);
}

std::optional<double> inductorValue(const ModelCard& model, std::string& error) {
    if (auto ind = param(model, "ind")) return ind;
    error = "model '" + model.name + "' gives no inductance (IND) and the element none";
    return std::nullopt;
}

constexpr std::array<std::string_view, 13> kResistorModelParams = {"r", "res", "rsh", "l", "defw", "short", "narrow",
                                                                   "tc1", "tc2", "tnom", "kf", "af", "noisy"};
constexpr std::array<std::string_view, 9> kCapacitorModelParams = {"cap", "cj", "cjsw", "defw", "short", "narrow",
                                                                   "tc1", "tc2", "tnom"};
constexpr std::array<std::string_view, 4> kInductorModelParams = {"ind", "tc1", "tc2", "tnom"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& names, std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

} // namespace

double TemperatureCoefficients::factor(double celsius, double defaultTnom) const {
    const double dt = celsius - tnom.value_or(defaultTnom);
    return 1.0 + tc1 * dt + tc2 * dt * dt;
}

bool isPassiveModelFor(char elementLetter, const ModelCard& model) {
    switch (elementLetter) {
    case 'r': return model.type == "r" || model.type == "res";
    case 'c': return model.type == "c";
    case 'l': return model.type == "l";
    default: return false;
    }
}

std::optional<double> passiveModelValue(char elementLetter, const ModelCard& model, const PassiveInstance& instance,
                                        std::string& error) {
    if (instance.value) return instance.value;
    switch (elementLetter) {
    case 'r': return resistorValue(model, instance, error);
    case 'c': return capacitorValue(model, instance, error);
    default: return inductorValue(model, error);
    }
}

TemperatureCoefficients modelTemperatureCoefficients(const ModelCard& model) {
    return {paramOr(model, "tc1", 0.0), paramOr(model, "tc2", 0.0), param(model, "tnom")};
}

bool isKnownPassiveModelParam(const ModelCard& model, std::string_view name) {
    if (model.type == "r" || model.type == "res") return contains(kResistorModelParams, name);
    if (model.type == "c") return contains(kCapacitorModelParams, name);
    return contains(kInductorModelParams, name);
}

} // namespace cablespice::elab
