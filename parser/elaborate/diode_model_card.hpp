#pragma once
#include "parser/elaborate/model_card.hpp"
#include "solver/devices/diode_model.hpp"
#include "solver/support/diagnostic.hpp"

#include <optional>
#include <string_view>

namespace cablespice::elab {

// `.model NAME D (IS= N= RS= CJO= VJ= M= FC= TT= BV= IBV= EG= XTI= KF= AF= TNOM=)`, SPICE3
// names and defaults; CJ0/CJ, PB and MJ are ngspice's aliases of CJO, VJ and M.
bool isDiodeModel(const ModelCard& model);
bool isKnownDiodeModelParam(std::string_view name);

// The model's parameters, each checked (IS, N, VJ, IBV > 0; RS, CJO, TT >= 0; BV > 0; M < 1;
// FC < 1) with an error at the offending parameter; nullopt when any is wrong.
std::optional<solver::DiodeModelParameters> diodeModelParameters(const ModelCard& model, DiagnosticSink& sink);

} // namespace cablespice::elab
