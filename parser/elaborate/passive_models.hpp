#pragma once
#include "parser/elaborate/model_card.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace cablespice::elab {

// Temperature dependence of an R, C or L value, SPICE's quadratic law:
//   value(T) = value(TNOM) * (1 + TC1*(T - TNOM) + TC2*(T - TNOM)^2)   (T, TNOM in °C)
struct TemperatureCoefficients {
    double tc1 = 0.0, tc2 = 0.0;
    std::optional<double> tnom;  // the model's TNOM; none: the circuit's (.options tnom, 27 °C)

    bool any() const { return tc1 != 0.0 || tc2 != 0.0; }
    double factor(double celsius, double defaultTnom) const;
};

// The .model types an element letter may name: R "r"/"res", C "c", L "l".
bool isPassiveModelFor(char elementLetter, const ModelCard& model);

// Instance geometry and the value the instance gives itself, for the model's rules.
struct PassiveInstance {
    std::optional<double> value, length, width;
};

// The nominal value (at TNOM, before m=) an instance of `model` gets, as ngspice 39 computes it:
//   R: instance value, else RSH*(L - 2*SHORT)/(W - 2*NARROW) when RSH is given (L default:
//      the model's L, 10 µm; W default DEFW, 10 µm), else the model's R (or RES).
//   C: instance value, else the model's CAP, else CJ*(L - SHORT)*(W - NARROW)
//      + 2*CJSW*((L - SHORT) + (W - NARROW)) when CJ or CJSW is given (L default 0, W default DEFW).
//   L: instance value, else the model's IND.
// Returns nullopt with `error` set when the model gives no value or the geometry is not positive.
std::optional<double> passiveModelValue(char elementLetter, const ModelCard& model, const PassiveInstance& instance,
                                        std::string& error);

// The model's TC1, TC2 and TNOM.
TemperatureCoefficients modelTemperatureCoefficients(const ModelCard& model);

// The model parameters an R, C or L model understands (lower-case); others have no effect.
bool isKnownPassiveModelParam(const ModelCard& model, std::string_view name);

} // namespace cablespice::elab
