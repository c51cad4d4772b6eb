#include "solver/analysis/integrator.hpp"

#include <catch2/catch.hpp>

#include <vector>

using namespace cablespice::solver;

TEST_CASE("Backward Euler and trapezoidal coefficients follow ARCHITECTURE B5", "[tran]") {
    const auto be = stepCoefficients(StepMethod::BackwardEuler, 0.5, 0.0);
    CHECK(be.order == 1);
    CHECK(be.alpha0 == 2.0);
    CHECK(be.qWeight == -2.0);
    CHECK(be.qdotWeight == 0.0);
    const auto trap = stepCoefficients(StepMethod::Trapezoidal, 0.5, 0.0);
    CHECK(trap.order == 2);
    CHECK(trap.alpha0 == 4.0);
    CHECK(trap.qWeight == -4.0);
    CHECK(trap.qdotWeight == -1.0);
    CHECK(trap.errorConstant == Approx(1.0 / 12.0));
}

TEST_CASE("BDF2 with equal steps reduces to (3q1 - 4q0 + q-1)/2h with error constant 2/9", "[tran]") {
    const double h = 0.1;
    const auto c = stepCoefficients(StepMethod::Bdf2, h, h);
    CHECK(c.alpha0 == Approx(3.0 / (2.0 * h)));
    CHECK(c.qWeight == Approx(-4.0 / (2.0 * h)));
    CHECK(c.qPreviousWeight == Approx(1.0 / (2.0 * h)));
    CHECK(c.errorConstant == Approx(2.0 / 9.0));
}

TEST_CASE("Variable-step BDF2 differentiates a quadratic exactly", "[tran]") {
    // q(t) = t^2 at t = 0, 1, 3 (steps 1 then 2): q'(3) = 6.
    const auto c = stepCoefficients(StepMethod::Bdf2, 2.0, 1.0);
    const double qdot = c.alpha0 * 9.0 + c.qWeight * 1.0 + c.qPreviousWeight * 0.0;
    CHECK(qdot == Approx(6.0));
}

TEST_CASE("The integrator's history and stored derivative reproduce the trapezoidal rule", "[tran]") {
    Integrator integrator(2);
    std::vector<double> x0{0.0, 1.0}, q0{0.0, 1.0}, hq(2);
    integrator.start(0.0, x0, q0);
    // A backward-Euler step to q = 3 at t = 1 stores q̇ = 2.
    const auto be = stepCoefficients(StepMethod::BackwardEuler, 1.0, 0.0);
    integrator.history(be, hq);
    CHECK(hq[1] == -1.0);
    std::vector<double> x1{0.0, 3.0};
    integrator.accept(1.0, be, x1, x1, hq);
    const auto trap = stepCoefficients(StepMethod::Trapezoidal, 1.0, 1.0);
    integrator.history(trap, hq);
    CHECK(hq[1] == Approx(-2.0 * 3.0 - 2.0));
    CHECK(integrator.depth() == 2);
    CHECK(integrator.lastStep() == 1.0);
}

TEST_CASE("The predictor extrapolates a quadratic exactly through uneven points", "[tran]") {
    Integrator integrator(2);
    auto point = [](double t) { return std::vector<double>{0.0, t * t}; };
    const auto be = stepCoefficients(StepMethod::BackwardEuler, 1.0, 0.0);
    std::vector<double> hq(2, 0.0);
    integrator.start(0.0, point(0.0), point(0.0));
    integrator.accept(1.0, be, point(1.0), point(1.0), hq);
    integrator.accept(3.0, be, point(3.0), point(3.0), hq);
    std::vector<double> predicted(2);
    integrator.predict(4.0, 2, predicted);
    CHECK(predicted[1] == Approx(16.0));
    CHECK(integrator.predictorSpan(4.0, 2) == Approx(1.0 * 3.0 * 4.0));
    integrator.restart();
    CHECK(integrator.depth() == 1);
}

TEST_CASE("The local error estimate of the trapezoidal rule on a cubic is h^3/12 times x'''", "[tran]") {
    // Points of x = t^3 at 0, 1, 2; corrector value exact at 3; x''' = 6.
    Integrator integrator(2);
    const auto be = stepCoefficients(StepMethod::BackwardEuler, 1.0, 0.0);
    std::vector<double> hq(2, 0.0);
    auto point = [](double t) { return std::vector<double>{0.0, t * t * t}; };
    integrator.start(0.0, point(0.0), point(0.0));
    integrator.accept(1.0, be, point(1.0), point(1.0), hq);
    integrator.accept(2.0, be, point(2.0), point(2.0), hq);
    std::vector<double> predicted(2);
    integrator.predict(3.0, 2, predicted);
    const auto trap = stepCoefficients(StepMethod::Trapezoidal, 1.0, 1.0);
    const std::vector<double> absolute{0.0, 1.0};
    // tolerance = trtol * (reltol*27 + 1) = 1 with reltol = 0, trtol = 1: ratio = error.
    const auto estimate = estimateLocalError(trap, integrator.predictorSpan(3.0, 2), point(3.0), predicted,
                                             integrator.solution(), absolute, 0.0, 1.0);
    CHECK(estimate.ratio == Approx(6.0 / 12.0));
    CHECK(estimate.unknown == 1);
}
