#include "solver/analysis/integrator.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

using namespace cablespice::solver;

namespace {

double predictedCharge(const ChargePredictor& predictor, std::size_t row) {
    double sum = 0.0;
    for (int j = 0; j < predictor.terms; ++j)
        sum += predictor.weights[static_cast<std::size_t>(j)] * predictor.points[static_cast<std::size_t>(j)][row];
    return sum;
}

} // namespace

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
    std::vector<double> q0{0.0, 1.0}, hq(2);
    integrator.start(0.0, q0);
    // A backward-Euler step to q = 3 at t = 1 stores q̇ = 2.
    const auto be = stepCoefficients(StepMethod::BackwardEuler, 1.0, 0.0);
    integrator.history(be, hq);
    CHECK(hq[1] == -1.0);
    std::vector<double> q1{0.0, 3.0};
    integrator.accept(1.0, be, q1, hq);
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
    integrator.start(0.0, point(0.0));
    integrator.accept(1.0, be, point(1.0), hq);
    integrator.accept(3.0, be, point(3.0), hq);
    CHECK(predictedCharge(integrator.predictor(4.0, 2), 1) == Approx(16.0));
    CHECK(integrator.predictor(4.0, 2).span == Approx(1.0 * 3.0 * 4.0));
    integrator.restart();
    CHECK(integrator.depth() == 1);
}

namespace {

// q = C x with C = identity on row 1: the charge gap is the predictor-corrector gap itself.
// q = {now, before}, qdot = {now, before}; the predictor is one point, q now - gap.
LocalErrorEstimate estimateFor(const StepCoefficients& c, double span, double gap, std::vector<double> q,
                               std::vector<double> qdot, const Tolerances& tol, double controlled = 1.0) {
    const std::vector<double> predicted{0.0, q[0] - gap};
    const std::vector<double> qNow{0.0, q[0]}, qBefore{0.0, q[1]}, rateBefore{0.0, qdot[1]};
    const std::vector<double> hq{0.0, qdot[0] - c.alpha0 * q[0]};  // q̇ now = alpha0 q + h_q
    const std::vector<double> rows{0.0, controlled};
    ChargePredictor predictor;
    predictor.points[0] = predicted;
    predictor.weights[0] = 1.0;
    predictor.terms = 1;
    predictor.span = span;
    return estimateLocalError(c, predictor, {qNow, hq, qBefore, rateBefore}, rows, tol);
}

} // namespace

TEST_CASE("The local error estimate of the trapezoidal rule follows SPICE's CKTterr on a cubic charge", "[tran]") {
    // q = t^3 at 0, 1, 2; corrector exact at 3 (27). The quadratic through the three points,
    // 3t^2 - 2t, predicts 21: gap 6, span 3*2*1 = 6, third divided difference 1 (q'''/3!).
    Integrator integrator(2);
    const auto be = stepCoefficients(StepMethod::BackwardEuler, 1.0, 0.0);
    std::vector<double> hq(2, 0.0);
    auto point = [](double t) { return std::vector<double>{0.0, t * t * t}; };
    integrator.start(0.0, point(0.0));
    integrator.accept(1.0, be, point(1.0), hq);
    integrator.accept(2.0, be, point(2.0), hq);
    const auto predictor = integrator.predictor(3.0, 2);
    const std::vector<double> predicted{0.0, predictedCharge(predictor, 1)};
    CHECK(predicted[1] == Approx(21.0));
    const double span = predictor.span;
    CHECK(span == Approx(6.0));
    const auto trap = stepCoefficients(StepMethod::Trapezoidal, 1.0, 1.0);

    Tolerances absoluteOnly;  // tol = abstol = 1e-3; error 1/12 * 1: h^2 = 1e-3 * 12
    absoluteOnly.abstol = 1e-3;
    absoluteOnly.reltol = 0.0;
    absoluteOnly.trtol = 1.0;
    auto estimate = estimateFor(trap, span, 27.0 - predicted[1], {27.0, 8.0}, {0.0, 0.0}, absoluteOnly);
    CHECK(estimate.allowedStep == Approx(std::sqrt(0.012)));
    CHECK(estimate.unknown == 1);

    Tolerances rateRelative;  // tol = 1e-3 + 0.01 * max(27, 12) = 0.271, trtol 7: h^2 = 7 * 0.271 * 12
    rateRelative.abstol = 1e-3;
    rateRelative.reltol = 0.01;
    rateRelative.trtol = 7.0;
    estimate = estimateFor(trap, span, 6.0, {27.0, 8.0}, {27.0, 12.0}, rateRelative);
    CHECK(estimate.allowedStep == Approx(std::sqrt(7.0 * 0.271 * 12.0)));

    // q̇ small: the charge term reltol * max|q| / h = 0.27 wins.
    estimate = estimateFor(trap, span, 6.0, {27.0, 8.0}, {0.0, 0.0}, rateRelative);
    CHECK(estimate.allowedStep == Approx(std::sqrt(7.0 * 0.27 * 12.0)));

    // A row without charge or flux is not error-controlled.
    estimate = estimateFor(trap, span, 6.0, {27.0, 8.0}, {0.0, 0.0}, rateRelative, 0);
    CHECK(estimate.unknown == -1);
    CHECK(std::isinf(estimate.allowedStep));
}

TEST_CASE("The order-1 estimate bounds the step linearly (no root), as SPICE does", "[tran]") {
    // q = t^2 at 0 and 1; the line through them predicts 2 at t = 2, the corrector has 4:
    // gap 2, span (2-1)(2-0) = 2, second divided difference 1 (q''/2!). Backward Euler's
    // constant 1/2: error 0.5 per unit h; tol 0.01, trtol 7: h = 7 * 0.01 / 0.5 = 0.14.
    const auto be = stepCoefficients(StepMethod::BackwardEuler, 1.0, 0.0);
    Tolerances tol;
    tol.abstol = 0.01;
    tol.reltol = 0.0;
    tol.trtol = 7.0;
    const auto estimate = estimateFor(be, 2.0, 2.0, {4.0, 1.0}, {0.0, 0.0}, tol);
    CHECK(estimate.allowedStep == Approx(0.14));
}

TEST_CASE("adopt() keeps the same history as accept() and hands back a buffer of the same size", "[tran]") {
    Integrator copying(3), adopting(3);
    const auto trap = stepCoefficients(StepMethod::Trapezoidal, 0.5, 0.5);
    const std::vector<double> q0{0.0, 1.0, -2.0};
    copying.start(0.0, q0);
    adopting.start(0.0, q0);
    std::vector<double> hq(3, 0.0);
    std::vector<double> previous = q0;
    for (int step = 1; step <= 4; ++step) {
        const std::vector<double> q{0.0, 1.0 + step, -2.0 * step};
        copying.history(trap, hq);
        copying.accept(0.5 * step, trap, q, hq);
        std::vector<double> handed(q);
        adopting.adopt(0.5 * step, trap, handed, hq);
        CHECK(handed.size() == q.size());
        // The newest point is the q handed over, the one before it the previous step's, and
        // q̇ = alpha0 q + h_q (trapezoidal, h = 0.5: alpha0 = 4).
        const auto newest = adopting.charge(0), before = adopting.charge(1), rate = adopting.chargeRate();
        for (std::size_t i = 0; i < q.size(); ++i) {
            CHECK(newest[i] == q[i]);
            CHECK(before[i] == previous[i]);
            CHECK(rate[i] == Approx(4.0 * q[i] + hq[i]));
        }
        previous = q;
        for (int back = 0; back < 2; ++back) {
            const auto a = copying.charge(back), b = adopting.charge(back);
            CHECK(std::vector<double>(a.begin(), a.end()) == std::vector<double>(b.begin(), b.end()));
        }
        const auto ra = copying.chargeRate(), rb = adopting.chargeRate();
        CHECK(std::vector<double>(ra.begin(), ra.end()) == std::vector<double>(rb.begin(), rb.end()));
    }
}
