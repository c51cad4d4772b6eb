#pragma once
#include "solver/support/tolerances.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <span>
#include <vector>

namespace cablespice::solver {

// The formula used for one time step (ARCHITECTURE B5). Trapezoidal and BDF2 are order 2;
// backward Euler (order 1) starts the run and restarts after every breakpoint.
enum class StepMethod { BackwardEuler, Trapezoidal, Bdf2 };

// q̇_{n+1} ≈ alpha0*q_{n+1} + h_q with h_q = qWeight*q_n + qPreviousWeight*q_{n-1} + qdotWeight*q̇_n.
// alpha0 alone fixes the matrix G + alpha0*C, so equal alpha0 means the factorization is reusable.
struct StepCoefficients {
    StepMethod method = StepMethod::BackwardEuler;
    int order = 1;
    double h = 0.0;
    double alpha0 = 0.0;
    double qWeight = 0.0;
    double qPreviousWeight = 0.0;
    double qdotWeight = 0.0;
    // |local error| ≈ errorConstant * h^(order+1) * |x^(order+1)|
    double errorConstant = 0.0;
};

// h: this step; hPrevious: the step before (used by variable-step BDF2 only).
StepCoefficients stepCoefficients(StepMethod method, double h, double hPrevious);

// The step the local truncation error allows, with SPICE's semantics (ngspice CKTterr): the
// error is measured on each charge or flux row of q = C x, because that is what the formulas
// integrate, against a tolerance in the units of q̇ (current for a node, voltage for an inductor
// branch):
//   tol = max(abstol + reltol * max|q̇|, reltol * max(max|q|, chgtol) / h)
//   allowed h^order = trtol * tol / max(abstol, errorConstant * |divided difference of order k+1|)
// Like SPICE, the bound is per unit of time (error / h within tol), and the divided
// difference q^(k+1)/(k+1)! stands in for the derivative, without the (k+1)! factor.
struct LocalErrorEstimate {
    double allowedStep = 0.0;  // largest h with the error of this step within tolerance
    int unknown = -1;          // the row (Unknown numbering) that limits it, or -1
};

// The polynomial predictor of q at the new time, sum over j < terms of weights[j] * points[j],
// and span = Π_j (tNext - t_{n-j}), which turns the predictor-corrector gap into the divided
// difference of order k+1 of q (exact for polynomial extrapolation).
struct ChargePredictor {
    std::array<std::span<const double>, 3> points;
    std::array<double, 3> weights{};
    int terms = 0;
    double span = 0.0;
};

// The charge-side state: the corrector q of this step with h_q (q̇ = alpha0 q + h_q), and the
// previous point's q and q̇.
struct ChargeStates {
    std::span<const double> q, hq, qPrevious, qdotPrevious;
};

// One pass over the rows: the gap qc - qp to the predictor, q̇ of the new point and the
// tolerance above, times the row's weight. Only rows with weight[row] > 0 (rows of C that hold
// a capacitor or inductor) take part; a weight below 1 holds a row to a tighter tolerance.
LocalErrorEstimate estimateLocalError(const StepCoefficients& c, const ChargePredictor& predictor,
                                      const ChargeStates& states, std::span<const double> weight,
                                      const Tolerances& tol);

// The same in parts: the tightest row of [begin, end) with the h^order it allows (the first
// such row on ties, as one scan would find), and the step it allows. Rows split in two halves
// and combined with tighterOf give exactly estimateLocalError's answer.
struct TightestRow {
    double allowedPower = std::numeric_limits<double>::infinity();
    int unknown = -1;
};
TightestRow tightestRow(const StepCoefficients& c, const ChargePredictor& predictor, const ChargeStates& states,
                        std::span<const double> weight, const Tolerances& tol, std::size_t begin, std::size_t end);
inline TightestRow tighterOf(TightestRow lowerRows, TightestRow upperRows) {
    return upperRows.allowedPower < lowerRows.allowedPower ? upperRows : lowerRows;
}
LocalErrorEstimate allowedStep(const StepCoefficients& c, TightestRow row);

// Keeps the accepted past that the formulas and the error estimate need: the last three
// charge vectors q with their times, and q̇_n. The error estimate extrapolates q itself, so
// no past solution x is kept. Every vector is allocated in the constructor; nothing
// allocates per step.
class Integrator {
public:
    static constexpr int kKeptPoints = 3;

    explicit Integrator(int size);

    // First point (t0, q0). q̇_0 = 0: the first step starts from rest (DC operating point).
    void start(double t0, std::span<const double> q0);
    // q̇(0) of a start that is not at rest (a source driving an inductor/current-source cut set
    // or a capacitor/voltage-source loop changes q from t = 0 on); only the rows given.
    void setStartRate(std::span<const double> qdot0) { std::copy(qdot0.begin(), qdot0.end(), qdot_.begin()); }
    // After a breakpoint the older points belong to a different smooth piece of the solution:
    // forget them (the current point stays).
    void restart() { depth_ = 1; }

    double time() const { return times_[0]; }
    // Accepted points since the last (re)start, including the current one (1..kKeptPoints).
    int depth() const { return depth_; }
    double lastStep() const { return depth_ >= 2 ? times_[0] - times_[1] : 0.0; }

    // h_q for the step with coefficients c.
    void history(const StepCoefficients& c, std::span<double> hq) const;
    // Polynomial extrapolation of q, degree `order` through the last order+1 points, at tNext.
    ChargePredictor predictor(double tNext, int order) const;
    // Stores the accepted point; q̇_{n+1} = alpha0*q_{n+1} + h_q.
    void accept(double t, const StepCoefficients& c, std::span<const double> q, std::span<const double> hq);
    // The same, taking q's buffer instead of copying it; q gets a buffer of the same size with
    // stale values (the transient overwrites it at the next step).
    void adopt(double t, const StepCoefficients& c, std::vector<double>& q, std::span<const double> hq);

    std::span<const double> charge(int back = 0) const { return qs_[static_cast<std::size_t>(back)]; }
    std::span<const double> chargeRate() const { return qdot_; }

private:
    void rotate(double t, const StepCoefficients& c, std::span<const double> q, std::span<const double> hq);

    std::vector<std::vector<double>> qs_;  // qs_[0] = q_n, qs_[1] = q_{n-1}, ...
    std::vector<double> qdot_;
    double times_[kKeptPoints] = {0.0, 0.0, 0.0};
    int depth_ = 0;
};

} // namespace cablespice::solver
