#pragma once
#include "solver/analysis/analysis_spec.hpp"
#include "solver/analysis/solution_observer.hpp"
#include "solver/circuit/circuit.hpp"
#include "solver/support/outcome.hpp"

namespace cablespice::solver {

// `.sens OUTVAR` (DC) by the adjoint method: the DC matrix is factored once, x solves A x = b
// and one transposed solve A^T y = e_out gives y; every SensitiveDevice then forms
// -y^T (dA/dp) x + y^T (db/dp) from its own stamp. Reports a real plot "Sensitivity Analysis"
// of one point with a vector per element named as the element (lower case, e.g. "r1", "v1"),
// in output units per element unit, in the circuit's element order. Linear circuits only.
Outcome<Done> runSensitivity(const Circuit& circuit, const SensSpec& spec, SolutionObserver& observer);

} // namespace cablespice::solver
