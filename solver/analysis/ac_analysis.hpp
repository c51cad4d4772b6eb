#pragma once
#include "solver/analysis/analysis_spec.hpp"
#include "solver/analysis/frequency_sweep_stats.hpp"
#include "solver/analysis/newton.hpp"
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
// FrequencyDependentDevices and, for a nonlinear circuit, of SmallSignalFrequencyDevices at its
// operating point. Static pivoting: the first factorization (at the reference
// frequency) runs klu_z_factor with a tiny pivot tolerance, which keeps diagonal pivots and the
// fill of the real transient factor (at 1e4 unknowns 0.21 M entries against 1.9-2.4 M with
// partial pivoting, bench/README.md); every other frequency is a klu_z_refactor with that pivot
// order, kept when it passes the growth and condition checks and each of its solves (refined)
// has a backward error within KluSettings::maxBackwardError. A frequency whose refactorization
// or one of whose solves fails them gets a full factorization of its own (a second numeric
// object; the right-hand side is solved again), and
// the pivot order stays the reference's, so a frequency's numbers depend only on the reference
// and that frequency: sweeps split over threads give the same results as one thread.
// Each factorisation may be used for any number of right-hand sides, e.g. the differential and
// common-mode excitations of a CMRR analysis.
//
// Vectors handed to loadExcitation()/solve() have size n + 1; index 0 is the ground bucket.
class KeptFactorizations;

class AcSystem {
public:
    // Linear circuits: G_op and C_op are the circuit's constant arrays.
    explicit AcSystem(const Circuit& circuit);
    // G_op/C_op given explicitly (a nonlinear circuit's Jacobians at the operating point
    // xOperatingPoint, size n + 1; empty: no SmallSignalFrequencyDevice stamps). The arrays are
    // referenced, not copied. With `kept` (a run's points) and the circuit's constant arrays,
    // prepare() refactors on the kept reference pivot order instead of factoring, when that
    // passes the accuracy checks.
    AcSystem(const Circuit& circuit, const MatrixValues& gOperatingPoint, const MatrixValues& cOperatingPoint,
             std::span<const double> xOperatingPoint = {}, KeptFactorizations* kept = nullptr);
    AcSystem(const AcSystem&) = delete;
    AcSystem& operator=(const AcSystem&) = delete;

    // Chooses the pivot order at this angular frequency (a full factorization). Without it, the
    // first factorAt() is the reference.
    Outcome<Done> prepare(double referenceOmega);
    // prepare() in the three steps of KluNumeric's factorFresh, for systems of one circuit that
    // prepare at the same frequency and divide its accuracy checks (FreshFactorChecks): the
    // factorization, the checks of `share`, the verdict on every check's results. No kept pivot order.
    // With `copyOf` (a system of the same circuit that did prepareUnchecked at this frequency),
    // its factorization is copied: the same factors, no pivot search.
    Outcome<Done> prepareUnchecked(double referenceOmega, const AcSystem* copyOf = nullptr);
    FreshFactorChecks checkPrepared(const FreshCheckShare& share) { return reference_.checkFresh(share); }
    Outcome<Done> settlePrepared(const FreshFactorChecks& checks);
    // Fills Ac at angular frequency omega [rad/s] and factors it (see above). A refactorization
    // on the reference pivot order is made by the next solve, together with it; a failure of
    // its checks then shows as that solve's fallback (or error).
    Outcome<Done> factorAt(double omegaRadiansPerSecond);
    // b = the AC phasors of every independent source (zeroes b first).
    void loadExcitation(std::span<std::complex<double>> b) const;
    // In place: rhs (size n + 1) becomes the solution x; x[0] (ground) is 0. Needs factorAt().
    // Fails only when a solve on the kept pivot order misses the backward error and this
    // frequency's own factorization then fails.
    Outcome<Done> solve(std::span<std::complex<double>> rhs);
    // solve(rhs) and solve(second) on this frequency's factors, with one accuracy verdict for
    // both; a pending refactorization solves both in its one pass (.cmrr's two excitations,
    // refactorSolveComplexPair): rhs's numbers are solve(rhs)'s, the second's within a rounding
    // of a separate solve (before refinement).
    Outcome<Done> solve(std::span<std::complex<double>> rhs, std::span<std::complex<double>> second);
    // The same for the transposed system A^T y = rhs (the adjoint solve of .noise), with the
    // same accuracy checks and fallback.
    Outcome<Done> solveTransposed(std::span<std::complex<double>> rhs);

    int unknownCount() const { return circuit_.unknownCount(); }
    const ComplexMatrixValues& values() const { return values_; }
    // Both numeric objects' counts added up.
    KluCounters counters() const;
    // lnz + unz of the reference factorization (the one most frequencies use).
    double factorEntries() const { return pivots_->factorEntries(); }
    // The multiply-adds of a refactorization on its pattern.
    double factorMultiplyAdds() const { return pivots_->refactorMultiplyAdds(); }
    // The pivot tolerance the reference factorization was made with.
    double referencePivotTolerance() const { return pivots_->pivotToleranceUsed(); }
    // The numeric holding the reference frequency's pivot order (after prepare()).
    KluComplexNumeric& referenceNumeric() { return *pivots_; }

private:
    using NumericSolve = void (KluComplexNumeric::*)(std::span<std::complex<double>>);
    void fillValues(double omega);
    void startPreparing(double referenceOmega);
    Outcome<Done> referenceFactored(Outcome<Done> factored);
    bool refactorKept(double referenceOmega);
    Outcome<Done> solveWith(NumericSolve numericSolve, std::span<std::complex<double>> rhs,
                            std::span<std::complex<double>> second = {});
    Outcome<Done> refactorPending();
    Outcome<Done> factorOwn();

    const Circuit& circuit_;
    const MatrixValues& g_;
    const MatrixValues& c_;
    std::span<const double> xOperatingPoint_;
    ComplexMatrixValues values_;
    KluComplexNumeric reference_;  // the pivot order of the reference frequency, refactored per frequency
    KluComplexNumeric own_;        // a frequency whose refactorization failed the checks
    KeptFactorizations* kept_ = nullptr;
    KluComplexNumeric* pivots_ = &reference_;  // reference_, or kept_'s numeric when prepare() refactored it
    KluCounters keptAtStart_;                  // kept_'s numeric's counts before this system used it
    KluComplexNumeric* current_ = nullptr;
    std::vector<std::complex<double>> rhsCopy_;  // a right-hand side kept for a second solve
    std::vector<std::complex<double>> secondCopy_;  // the same for solve(rhs, second)
    double referenceOmega_ = -1.0;
    bool referenceHoldsItsOwnValues_ = false;  // reference_ still holds the reference frequency's factors
    // factorAt() filled values_ for a refactorization on pivots_ that the next solve does (for
    // A x = b in the same pass as its forward substitution, refactorSolveComplex).
    bool refactorPending_ = false;
};

// b = the AC phasors of every independent source (size n + 1; zeroes b first).
void loadAcExcitation(const Circuit& circuit, std::span<std::complex<double>> b);

// The AC family's KLU settings: the circuit's, the analysis's diagonal pivots first (their
// pattern worked out once, KluSettings::diagonalPivots), then a fast pivot tolerance of 1e-12
// (diagonal pivots wherever they are not zero), one step of iterative refinement per solve with
// those pivots, and the accuracy checks deciding.
KluSettings acSettings(const KluSettings& circuitSettings);
// The same for a frequency's own factorization after its refactorization failed (AcSystem).
KluSettings ownFactorizationSettings(const KluSettings& circuitSettings);

// `.ac`: one complex solution per frequency of frequencyPoints(spec), reported to the observer
// as a complex plot "AC Analysis" with the real scale "frequency", on up to `threads` threads
// (FrequencySweep: the same numbers for any count). A nonlinear circuit is linearised at
// xOperatingPoint (size n + 1): `linearised` when the caller has it (the operating point's
// Jacobians), else lineariseAt(x, default gmin). A linear circuit's AC matrix does not depend
// on the operating point: xOperatingPoint is not read and may be empty. A singular matrix stops the sweep
// (observer.end(false)) and returns KLU's SolveError unchanged. `kept`: a run's kept pivot
// orders (a .step or Monte Carlo point, KeptFactorizations).
Outcome<FrequencySweepStats> runAc(const Circuit& circuit, std::span<const double> xOperatingPoint,
                                   const AcSpec& spec, SolutionObserver& observer, int threads = 1,
                                   const LinearisedCircuit* linearised = nullptr, KeptFactorizations* kept = nullptr);

} // namespace cablespice::solver
