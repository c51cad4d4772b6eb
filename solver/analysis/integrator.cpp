#include "solver/analysis/integrator.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

namespace cablespice::solver {

namespace {

StepCoefficients backwardEuler(double h) {
    // q̇ = (q_{n+1} - q_n)/h; local error h²/2 · x''.
    return {StepMethod::BackwardEuler, 1, h, 1.0 / h, -1.0 / h, 0.0, 0.0, 0.5};
}

StepCoefficients trapezoidal(double h) {
    // (q̇_{n+1} + q̇_n)/2 = (q_{n+1} - q_n)/h; local error h³/12 · x'''.
    return {StepMethod::Trapezoidal, 2, h, 2.0 / h, -2.0 / h, 0.0, -1.0, 1.0 / 12.0};
}

StepCoefficients bdf2(double h, double hPrevious) {
    const double rho = h / hPrevious;
    StepCoefficients c{StepMethod::Bdf2, 2, h, 0.0, 0.0, 0.0, 0.0, 0.0};
    c.alpha0 = (1.0 + 2.0 * rho) / ((1.0 + rho) * h);
    c.qWeight = -(1.0 + rho) / h;
    c.qPreviousWeight = rho * rho / ((1.0 + rho) * h);
    // Taylor expansion of the formula at t_{n+1}: residual = -(a1 h³ + a2 (h+h1)³)/6 · x''',
    // divided by alpha0 to get the error in x. With rho = 1 this is the textbook 2/9.
    const double hTotal = h + hPrevious;
    const double residual = std::abs(c.qWeight * h * h * h + c.qPreviousWeight * hTotal * hTotal * hTotal) / 6.0;
    c.errorConstant = residual / c.alpha0 / (h * h * h);
    return c;
}

} // namespace

StepCoefficients stepCoefficients(StepMethod method, double h, double hPrevious) {
    assert(h > 0.0 && "time steps are positive");
    switch (method) {
    case StepMethod::BackwardEuler: return backwardEuler(h);
    case StepMethod::Trapezoidal: return trapezoidal(h);
    case StepMethod::Bdf2: return bdf2(h, hPrevious);
    }
    return backwardEuler(h);
}

TightestRow tightestRow(const StepCoefficients& c, const ChargePredictor& predictor, const ChargeStates& states,
                        std::span<const double> weight, const Tolerances& tol, std::size_t begin, std::size_t end) {
    TightestRow tightest;
    const double span = std::abs(predictor.span);
    for (std::size_t i = begin; i < end; ++i) {
        if (!(weight[i] > 0.0)) continue;
        double predicted = 0.0;
        for (int j = 0; j < predictor.terms; ++j) predicted += predictor.weights[static_cast<std::size_t>(j)] * predictor.points[static_cast<std::size_t>(j)][i];
        const double qdot = c.alpha0 * states.q[i] + states.hq[i];
        const double rateTolerance =
            tol.abstol + tol.reltol * std::max(std::abs(qdot), std::abs(states.qdotPrevious[i]));
        const double charge = std::max({std::abs(states.q[i]), std::abs(states.qPrevious[i]), tol.chgtol});
        const double tolerance = std::max(rateTolerance, tol.reltol * charge / c.h);
        const double error = c.errorConstant * std::abs(states.q[i] - predicted) / span;
        const double allowedPower = tol.trtol * weight[i] * tolerance / std::max(tol.abstol, error);
        if (allowedPower < tightest.allowedPower) tightest = {allowedPower, static_cast<int>(i)};
    }
    return tightest;
}

// h^order -> h; the root is monotonic, so it is taken once, for the tightest row.
LocalErrorEstimate allowedStep(const StepCoefficients& c, TightestRow row) {
    LocalErrorEstimate estimate{row.allowedPower, row.unknown};
    if (c.order == 2) estimate.allowedStep = std::sqrt(row.allowedPower);
    else if (c.order > 2) estimate.allowedStep = std::pow(row.allowedPower, 1.0 / c.order);
    return estimate;
}

LocalErrorEstimate estimateLocalError(const StepCoefficients& c, const ChargePredictor& predictor,
                                      const ChargeStates& states, std::span<const double> weight,
                                      const Tolerances& tol) {
    return allowedStep(c, tightestRow(c, predictor, states, weight, tol, 1, states.q.size()));
}

Integrator::Integrator(int size)
    : qs_(kKeptPoints, std::vector<double>(static_cast<std::size_t>(size))), qdot_(static_cast<std::size_t>(size)) {}

void Integrator::start(double t0, std::span<const double> q0) {
    std::copy(q0.begin(), q0.end(), qs_[0].begin());
    std::copy(q0.begin(), q0.end(), qs_[1].begin());
    std::fill(qdot_.begin(), qdot_.end(), 0.0);
    times_[0] = t0;
    depth_ = 1;
}

void Integrator::history(const StepCoefficients& c, std::span<double> hq) const {
    const auto& q = qs_[0];
    const auto& qPrevious = qs_[1];
    for (std::size_t i = 0; i < hq.size(); ++i)
        hq[i] = c.qWeight * q[i] + c.qPreviousWeight * qPrevious[i] + c.qdotWeight * qdot_[i];
}

ChargePredictor Integrator::predictor(double tNext, int order) const {
    assert(order + 1 <= depth_ && "the predictor needs order+1 accepted points");
    ChargePredictor p;
    p.terms = order + 1;
    p.span = 1.0;
    for (int j = 0; j <= order; ++j) {
        double w = 1.0;
        for (int m = 0; m <= order; ++m) {
            if (m != j) w *= (tNext - times_[m]) / (times_[j] - times_[m]);
        }
        p.weights[static_cast<std::size_t>(j)] = w;
        p.points[static_cast<std::size_t>(j)] = qs_[static_cast<std::size_t>(j)];
        p.span *= tNext - times_[j];
    }
    return p;
}

void Integrator::rotate(double t, const StepCoefficients& c, std::span<const double> q, std::span<const double> hq) {
    for (std::size_t i = 0; i < qdot_.size(); ++i) qdot_[i] = c.alpha0 * q[i] + hq[i];
    // Rotate the ring by swapping buffers (no allocation); the caller fills the newest.
    for (int j = kKeptPoints - 1; j > 0; --j) {
        std::swap(qs_[static_cast<std::size_t>(j)], qs_[static_cast<std::size_t>(j - 1)]);
        times_[j] = times_[j - 1];
    }
    times_[0] = t;
    depth_ = std::min(depth_ + 1, kKeptPoints);
}

void Integrator::accept(double t, const StepCoefficients& c, std::span<const double> q, std::span<const double> hq) {
    rotate(t, c, q, hq);
    std::copy(q.begin(), q.end(), qs_[0].begin());
}

void Integrator::adopt(double t, const StepCoefficients& c, std::vector<double>& q, std::span<const double> hq) {
    assert(q.size() == qs_[0].size() && "adopt() swaps buffers of the same size");
    rotate(t, c, q, hq);
    std::swap(qs_[0], q);
}

} // namespace cablespice::solver
