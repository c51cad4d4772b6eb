#pragma once
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

// The worst local-error-to-tolerance ratio over all unknowns of one step.
struct LocalErrorEstimate {
    double ratio = 0.0;  // <= 1: within trtol * (reltol*|x| + absolute)
    int unknown = -1;    // where the ratio is largest (Unknown numbering), or -1
};

// Milne-style estimate from the predictor-corrector gap: (xc - xp)/predictorSpan is the
// divided difference of order k+1, so x^(k+1) ≈ (k+1)! (xc - xp)/predictorSpan and
// LTE ≈ errorConstant · h^(k+1) · x^(k+1). absoluteTolerance holds vntol or abstol per unknown.
// Index 0 (ground) is skipped.
LocalErrorEstimate estimateLocalError(const StepCoefficients& c, double predictorSpan,
                                      std::span<const double> xCorrected, std::span<const double> xPredicted,
                                      std::span<const double> xPrevious,
                                      std::span<const double> absoluteTolerance, double reltol, double trtol);

// Keeps the accepted past that the formulas and the error estimate need: q_n, q_{n-1}, q̇_n
// and the last three solutions x with their times. Every vector is allocated in the
// constructor; nothing allocates per step.
class Integrator {
public:
    static constexpr int kKeptSolutions = 3;

    explicit Integrator(int size);

    // First point (t0, x0, q0). q̇_0 is unknown and never used: the first step is backward Euler.
    void start(double t0, std::span<const double> x0, std::span<const double> q0);
    // After a breakpoint the older points belong to a different smooth piece of the solution:
    // forget them (the current point stays).
    void restart() { depth_ = 1; }

    double time() const { return times_[0]; }
    // Accepted points since the last (re)start, including the current one (1..kKeptSolutions).
    int depth() const { return depth_; }
    double lastStep() const { return depth_ >= 2 ? times_[0] - times_[1] : 0.0; }

    // h_q for the step with coefficients c.
    void history(const StepCoefficients& c, std::span<double> hq) const;
    // Polynomial extrapolation of degree `order` through the last order+1 points, at tNext.
    void predict(double tNext, int order, std::span<double> xPredicted) const;
    // Π_{j=0..order} (tNext - t_{n-j}): turns the predictor-corrector gap into a divided difference.
    double predictorSpan(double tNext, int order) const;
    // Stores the accepted point; q̇_{n+1} = alpha0*q_{n+1} + h_q.
    void accept(double t, const StepCoefficients& c, std::span<const double> x, std::span<const double> q,
                std::span<const double> hq);

    std::span<const double> solution(int back = 0) const { return xs_[static_cast<std::size_t>(back)]; }

private:
    std::vector<double> q_, qPrevious_, qdot_;
    std::vector<std::vector<double>> xs_;  // xs_[0] = x_n, xs_[1] = x_{n-1}, ...
    double times_[kKeptSolutions] = {0.0, 0.0, 0.0};
    int depth_ = 0;
};

} // namespace cablespice::solver
