#pragma once
#include "parser/elaborate/card_reader.hpp"
#include "parser/elaborate/elab_context.hpp"
#include "parser/elaborate/model_card.hpp"
#include "parser/elaborate/param_spec.hpp"

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace cablespice::elab {

// What differs between the D, Q, J and M cards' common tail MODEL [AREA] [OFF] [name=value ...].
struct SemiconductorCardKind {
    std::string_view device;      // "bipolar transistor": in messages about the element
    std::string_view family;      // "bipolar": "no bipolar model named ..."
    std::string_view modelTypes;  // "NPN or PNP": the .model types of the family
    bool (*isModel)(const ModelCard&);
    std::span<const ParamSpec> params;
    bool positionalArea = true;  // MOSFETs have none
};

// A device's temp= or dtemp=: its temperature once the circuit's is known (after every card).
struct DeviceTemperature {
    std::optional<double> celsius;
    double offset = 0.0;
    double at(double circuitCelsius) const { return celsius.value_or(circuitCelsius + offset); }
};

struct SemiconductorCard {
    const ModelCard* model = nullptr;
    double area = 1.0;
    bool off = false;
    std::map<std::string, double> params;

    double param(const std::string& name, double fallback) const;
    DeviceTemperature temperature() const;
};

// The model this word names if it is one of `kind`'s, else nullptr (no report).
const ModelCard* semiconductorModelNamed(const ast::Token& token, ElabContext& context,
                                         const SemiconductorCardKind& kind);

// Reads MODEL [AREA] [OFF] [name=value ...] (area= overrides the positional AREA); reports and
// gives nullopt on an unknown or wrong model, a bad parameter, or IC= (not modelled).
std::optional<SemiconductorCard> readSemiconductorCard(CardReader& reader, ElabContext& context,
                                                       const SemiconductorCardKind& kind);

} // namespace cablespice::elab
