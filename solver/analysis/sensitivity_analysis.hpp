#pragma once
#include "solver/analysis/analysis_spec.hpp"
#include "solver/analysis/operating_point.hpp"
#include "solver/analysis/solution_observer.hpp"
#include "solver/circuit/circuit.hpp"
#include "solver/circuit/sensitive_device.hpp"
#include "solver/support/outcome.hpp"

#include <string>
#include <vector>

namespace cablespice::solver {

// `.sens OUTVAR` (DC) by the adjoint method: the DC matrix is factored once, x solves A x = b
// and one transposed solve A^T y = e_out gives y; every SensitiveDevice then forms
// -y^T (dA/dp) x + y^T (db/dp) from its own stamp. Reports a real plot "Sensitivity Analysis"
// of one point with a vector per element named as the element (lower case, e.g. "r1", "v1"),
// in output units per element unit, in the circuit's element order (C and L left out).
// `.sens OUTVAR ac ...` does the same at every frequency on the factored G + jwC (FrequencySweep,
// up to `threads` threads, the same numbers for any count): one solve for x (every source's AC
// phasor) and one transposed solve, reported as a complex plot "Sensitivity Analysis" with the
// scale "frequency" and the same vectors, C and L included.
// A nonlinear circuit (DC only): x is its operating point `op` (required then) and the adjoint
// is solved on the Jacobian there, which is the exact derivative of the operating point (the
// nonlinear devices' own parameters are not differentiated). AC .sens of one is an error.
Outcome<Done> runSensitivity(const Circuit& circuit, const SensSpec& spec, SolutionObserver& observer, int threads = 1,
                             const OperatingPoint* op = nullptr);

// The circuit's elements that .sens differentiates, in element order, with their vector names.
struct SensitiveElement {
    const SensitiveDevice* device;
    std::string name;        // the element's name
    std::string vectorName;  // name + suffix ("e1_gain")
};
std::vector<SensitiveElement> sensitiveElements(const Circuit& circuit, bool ac);

// e_out of a node pair (size n + 1, ground bucket cleared).
template <typename Scalar>
std::vector<Scalar> outputSelector(const Circuit& circuit, int positive, int negative) {
    std::vector<Scalar> e(static_cast<std::size_t>(circuit.unknownCount()) + 1, Scalar{});
    e[static_cast<std::size_t>(positive)] += Scalar{1.0};
    e[static_cast<std::size_t>(negative)] -= Scalar{1.0};
    e[0] = Scalar{};
    return e;
}

} // namespace cablespice::solver
