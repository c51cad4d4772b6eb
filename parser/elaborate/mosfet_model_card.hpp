#pragma once
#include "parser/elaborate/model_card.hpp"
#include "solver/devices/mosfet_model.hpp"
#include "solver/support/diagnostic.hpp"

#include <optional>
#include <string_view>

namespace cablespice::elab {

// `.model NAME NMOS|PMOS (LEVEL=1|2|3 VTO= KP= GAMMA= PHI= LAMBDA= RD= RS= CBD= CBS= IS= PB= CGSO=
// CGDO= CGBO= RSH= CJ= MJ= CJSW= MJSW= JS= TOX= NSUB= NSS= TPG= LD= UO= FC= KF= AF= TNOM=, level 2
// and 3: DELTA= VMAX= XJ= NFS=, level 2: UEXP= UCRIT= NEFF=, level 3: THETA= ETA= KAPPA= XL= XW=
// WD= DELVTO=)`, ngspice's names and defaults (U0 is UO's alias, DELVT0 DELVTO's). A parameter
// of another level is named in a warning; a level other than 1, 2, 3 is an error at LEVEL.
bool isMosfetModel(const ModelCard& model);
bool isKnownMosfetModelParam(std::string_view name);

// The model's parameters, each checked (KP, PHI, PB, TOX, NSUB, UO > 0 where given; RD, RS, CBD,
// CBS, IS, RSH, CJ, CJSW, JS, LAMBDA, overlaps >= 0; MJ, MJSW, FC in [0, 1); LEVEL 1-3) with an
// error at the offending parameter; nullopt when any is wrong.
std::optional<solver::MosfetModelParameters> mosfetModelParameters(const ModelCard& model, DiagnosticSink& sink);

} // namespace cablespice::elab
