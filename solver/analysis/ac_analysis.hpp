#pragma once
#include "solver/analysis/analysis_spec.hpp"
#include "solver/analysis/solution_observer.hpp"
#include "solver/circuit/circuit.hpp"
#include "solver/mna/klu_factorization.hpp"
#include "solver/mna/matrix_values.hpp"
#include "solver/support/outcome.hpp"

#include <complex>
#include <span>
#include <vector>

namespace cablespice::solver {

// The AC matrix family (ARCHITECTURE B4/B5): Ac = G_op + j*omega*C_op, plus the stamps of
// FrequencyDependentDevices. One complex numeric factorisation serves the whole sweep: the first
// factorAt() runs klu_z_factor, later ones klu_z_refactor (with the growth check and fallback of
// KluNumeric). Each factorisation may be used for any number of right-hand sides, e.g. the
// differential and common-mode excitations of a CMRR analysis.
//
// Vectors handed to loadExcitation()/solve() have size n + 1; index 0 is the ground bucket.
class AcSystem {
public:
    // Linear circuits: G_op and C_op are the circuit's constant arrays.
    explicit AcSystem(const Circuit& circuit);
    // G_op/C_op given explicitly (a nonlinear circuit's Jacobians at the operating point).
    AcSystem(const Circuit& circuit, const MatrixValues& gOperatingPoint, const MatrixValues& cOperatingPoint);
    AcSystem(const AcSystem&) = delete;
    AcSystem& operator=(const AcSystem&) = delete;

    // Fills Ac at angular frequency omega [rad/s] and factors it. No allocation.
    Outcome<Done> factorAt(double omegaRadiansPerSecond);
    // b = the AC phasors of every independent source (zeroes b first).
    void loadExcitation(std::span<std::complex<double>> b) const;
    // In place: rhs (size n + 1) becomes the solution x; x[0] (ground) is 0. Needs factorAt().
    void solve(std::span<std::complex<double>> rhs);

    int unknownCount() const { return circuit_.unknownCount(); }
    const ComplexMatrixValues& values() const { return values_; }
    const KluCounters& counters() const { return numeric_.counters(); }

private:
    void fillValues(double omega);

    const Circuit& circuit_;
    const MatrixValues& g_;
    const MatrixValues& c_;
    ComplexMatrixValues values_;
    KluComplexNumeric numeric_;
};

// `.ac`: one complex solution per frequency of frequencyPoints(spec), reported to the observer
// as a complex plot "AC Analysis" with the real scale "frequency". Only linear circuits are
// supported so far, so xOperatingPoint (size n + 1) is not needed to linearise anything yet.
// A singular matrix stops the sweep (observer.end(false)) and returns KLU's SolveError unchanged.
Outcome<Done> runAc(const Circuit& circuit, const std::vector<double>& xOperatingPoint, const AcSpec& spec,
                    SolutionObserver& observer);

} // namespace cablespice::solver
