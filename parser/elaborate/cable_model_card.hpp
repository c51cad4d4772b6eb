#pragma once
#include "parser/elaborate/cable_model.hpp"
#include "parser/elaborate/line_models.hpp"
#include "parser/elaborate/model_card.hpp"
#include "parser/elaborate/param_spec.hpp"
#include "solver/support/diagnostic.hpp"

#include <map>
#include <optional>
#include <span>
#include <string>

namespace cablespice::elab {

// `.model NAME cable (TYPE=PAIR|COAX RLEG= RSHIELD= CCC= CCS= LLOOP=|Z0= ...)`: a shielded
// pair or coax in datasheet units (per metre), converted to the RLGC matrices of a P element
// (cable_model.hpp has the formulas; README "Cables" the parameter table).

// An imbalance parameter written on the P card; it overrides the model's value (a sweepable
// per-instance value: `dccs_rel={imb}` with `.step param imb ...`).
struct InstanceValue {
    double value = 0.0;
    SourceRange origin;
};
using CableOverrides = std::map<std::string, InstanceValue>;

// The parameters of a cable model, and the imbalance subset a P card may override.
std::span<const ParamSpec> cableModelParams();
std::span<const ParamSpec> cableInstanceParams();

// TYPE= (PAIR when absent), or nullopt with an error at the value.
std::optional<CableKind> readCableKind(const ModelCard& model, DiagnosticSink& sink);

// The datasheet values of `model` with the instance's overrides applied, every default and
// derivation resolved and every value checked (errors at the offending parameter, with a note
// at the instance). Instance overrides replace the model's imbalance pair they belong to:
// giving dccs or dccs_rel on the card discards both of the model's.
std::optional<CableDatasheet> readCableDatasheet(const ModelCard& model, const CableOverrides& overrides,
                                                 SourceRange instance, DiagnosticSink& sink);

// readCableDatasheet, converted to per-metre matrices (checked as a CPL model would be).
std::optional<LineModel> readCableModel(const ModelCard& model, const CableOverrides& overrides, SourceRange instance,
                                        DiagnosticSink& sink);

} // namespace cablespice::elab
