#pragma once
#include "parser/elaborate/model_card.hpp"
#include "solver/devices/switch_hysteresis.hpp"
#include "solver/support/diagnostic.hpp"

#include <optional>
#include <string_view>

namespace cablespice::elab {

// `.model NAME SW (VT= VH= RON= ROFF=)` (S) and `.model NAME CSW (IT= IH= RON= ROFF=)` (W),
// ngspice's names and defaults (VT, VH, IT, IH 0; RON 1; ROFF 1/gmin).
bool isVoltageSwitchModel(const ModelCard& model);
bool isCurrentSwitchModel(const ModelCard& model);
bool isKnownSwitchModelParam(const ModelCard& model, std::string_view name);

struct SwitchModelCard {
    solver::SwitchModel model;
    bool offResistanceGiven = false;  // else ROFF = 1/gmin, known once .options are read
};

// The model's parameters, each checked (RON, ROFF > 0, VH/IH >= 0) with an error at the
// offending parameter; nullopt when any is wrong.
std::optional<SwitchModelCard> switchModelParameters(const ModelCard& model, DiagnosticSink& sink);

} // namespace cablespice::elab
