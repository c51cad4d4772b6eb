#pragma once
#include "parser/elaborate/model_card.hpp"
#include "solver/devices/bjt_model.hpp"
#include "solver/support/diagnostic.hpp"

#include <optional>
#include <string_view>

namespace cablespice::elab {

// `.model NAME NPN|PNP (IS= BF= NF= VAF= IKF= ISE= NE= BR= NR= VAR= IKR= ISC= NC= RB= IRB= RBM=
// RE= RC= CJE= VJE= MJE= TF= XTF= VTF= ITF= PTF= CJC= VJC= MJC= XCJC= TR= CJS= VJS= MJS= XTB=
// EG= XTI= FC= KF= AF= TNOM= SUBS=)`, ngspice's names, aliases and defaults.
bool isBjtModel(const ModelCard& model);
bool isKnownBjtModelParam(std::string_view name);

// The model's parameters, each checked against its range with an error at the offending
// parameter; nullopt when any is wrong.
std::optional<solver::BjtModelParameters> bjtModelParameters(const ModelCard& model, DiagnosticSink& sink);

} // namespace cablespice::elab
