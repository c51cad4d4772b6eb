#pragma once
#include "parser/elaborate/model_card.hpp"
#include "solver/devices/jfet_model.hpp"
#include "solver/support/diagnostic.hpp"

#include <optional>
#include <string_view>

namespace cablespice::elab {

// `.model NAME NJF|PJF (VTO= BETA= LAMBDA= RD= RS= CGS= CGD= PB= IS= B= FC= KF= AF= TCV= VTOTC=
// BEX= BETATCE= XTI= EG= TNOM= NLEV= GDSNOI=)`, ngspice's level-1 names and defaults.
bool isJfetModel(const ModelCard& model);
bool isKnownJfetModelParam(std::string_view name);

// The model's parameters, each checked (BETA, PB, IS > 0; RD, RS, CGS, CGD, LAMBDA >= 0;
// FC in [0, 1); B > 0; PB != VTO) with an error at the offending parameter; nullopt when any
// is wrong.
std::optional<solver::JfetModelParameters> jfetModelParameters(const ModelCard& model, DiagnosticSink& sink);

} // namespace cablespice::elab
