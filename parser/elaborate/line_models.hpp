#pragma once
#include "parser/elaborate/model_card.hpp"
#include "solver/devices/mtl_parameters.hpp"
#include "solver/support/diagnostic.hpp"

#include <optional>

namespace cablespice::elab {

// The per-metre matrices of a line model plus its default length.
struct LineModel {
    solver::MtlParameters perMetre;
    std::optional<double> length;  // model LENGTH=, overridden by the instance's len=/length=
};

// Reads `.model NAME CPL R=... L=... G=... C=... LENGTH=...` for `conductors` conductors
// (ngspice CPL: matrices in Maxwell form; L and C given as the upper (or lower, the same for a
// symmetric matrix) triangle row by row, N(N+1)/2 values; R and G either that or N diagonal
// values; a missing R or G is 0). RS= (skin effect, ohm/m/sqrt(Hz)) and GD= (dielectric loss,
// S/m/Hz) are matrices like R and G, 0 when absent (MtlParameters has the formulas). Checks symmetry, L and C positive definite (Eigen LLT), C
// diagonally dominant, R and G positive semidefinite. Every problem is reported at the model
// parameter (or the model card) with a note at the instance; nullopt when anything failed.
std::optional<LineModel> readCplModel(const ModelCard& model, int conductors, SourceRange instance,
                                      DiagnosticSink& sink);

} // namespace cablespice::elab
