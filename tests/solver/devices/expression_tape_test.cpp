#include "solver/devices/expression_tape.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>
#include <vector>

// The tape's forward-mode derivatives against central finite differences of its own values,
// function by function, at points inside each function's domain and away from its kinks; its
// values against <cmath> and ngspice's B-source definitions (ptfuncs.c: |x|^y, u(0) = 0.5).

using namespace cablespice::solver;

namespace {

// d/dx by a central difference with a relative step; the error is O(h^2 f''') + O(eps f/h).
double centralDifference(ExpressionTape& tape, std::vector<double> x, std::size_t k, double time = 0.0) {
    std::vector<double> unused(x.size());
    const double h = 1e-6 * std::max(1.0, std::abs(x[k]));
    const double saved = x[k];
    x[k] = saved + h;
    const double plus = tape.evaluate(x, time, unused);
    x[k] = saved - h;
    const double minus = tape.evaluate(x, time, unused);
    return (plus - minus) / (2.0 * h);
}

void checkGradient(ExpressionTape& tape, const std::vector<double>& x, double time = 0.0) {
    std::vector<double> gradient(x.size());
    tape.evaluate(x, time, gradient);
    for (std::size_t k = 0; k < x.size(); ++k) {
        const double fd = centralDifference(tape, x, k, time);
        INFO("variable " << k << " at " << x[k] << ": AD " << gradient[k] << ", FD " << fd);
        CHECK(std::abs(gradient[k] - fd) <= 1e-6 * std::max({std::abs(gradient[k]), std::abs(fd), 1e-3}));
    }
}

// op(2*x0 - 0.3*x1): a chain through a linear inner expression, so the chain rule is exercised.
ExpressionTape unaryTape(TapeOp op) {
    ExpressionTape tape;
    auto inner = tape.binary(TapeOp::Subtract, tape.binary(TapeOp::Multiply, tape.constant(2.0), tape.variable(0)),
                             tape.binary(TapeOp::Multiply, tape.constant(0.3), tape.variable(1)));
    tape.unary(op, inner);
    tape.finish(2);
    return tape;
}

ExpressionTape binaryTape(TapeOp op) {
    ExpressionTape tape;
    auto a = tape.binary(TapeOp::Add, tape.variable(0), tape.binary(TapeOp::Multiply, tape.variable(1), tape.variable(1)));
    tape.binary(op, a, tape.variable(1));
    tape.finish(2);
    return tape;
}

double valueAt(ExpressionTape& tape, std::vector<double> x, double time = 0.0) {
    std::vector<double> gradient(x.size());
    return tape.evaluate(x, time, gradient);
}

} // namespace

TEST_CASE("Every one-argument tape function's AD derivative matches central differences", "[device][tape]") {
    struct Case {
        TapeOp op;
        std::vector<double> arguments;  // values of the inner expression 2 x0 - 0.3 x1
    };
    const Case cases[] = {
        {TapeOp::Negate, {-1.3, 0.4}},  {TapeOp::Sqrt, {0.02, 3.0}},   {TapeOp::Exp, {-2.0, 0.5, 3.0}},
        {TapeOp::Ln, {0.01, 1.5, 40.0}}, {TapeOp::Log10, {0.2, 7.0}},  {TapeOp::Abs, {-0.7, 0.7}},
        {TapeOp::Sin, {-2.0, 0.3, 5.0}}, {TapeOp::Cos, {-2.0, 0.3, 5.0}}, {TapeOp::Tan, {-1.0, 0.2, 1.2}},
        {TapeOp::Asin, {-0.8, 0.5}},     {TapeOp::Acos, {-0.8, 0.5}},   {TapeOp::Atan, {-3.0, 0.1, 8.0}},
        {TapeOp::Sinh, {-2.0, 1.0}},     {TapeOp::Cosh, {-2.0, 1.0}},   {TapeOp::Tanh, {-0.3, 0.05, 2.0}},
        {TapeOp::Asinh, {-2.0, 0.5}},    {TapeOp::Acosh, {1.5, 4.0}},   {TapeOp::Atanh, {-0.6, 0.3}},
        {TapeOp::Step2, {0.4}},          {TapeOp::Ramp, {-0.5, 0.5}},
        // piecewise constant away from their jumps: derivative 0
        {TapeOp::Floor, {1.3}}, {TapeOp::Ceil, {-1.3}}, {TapeOp::Int, {2.6}}, {TapeOp::Nint, {2.2}},
        {TapeOp::Sgn, {-0.4}},  {TapeOp::Step, {0.4}},  {TapeOp::Not, {0.5}},
    };
    for (const auto& c : cases) {
        ExpressionTape tape = unaryTape(c.op);
        for (double argument : c.arguments) {
            INFO("op " << static_cast<int>(c.op) << " at inner value " << argument);
            const double x1 = 0.7;
            checkGradient(tape, {(argument + 0.3 * x1) / 2.0, x1});
        }
    }
}

TEST_CASE("Every two-argument tape operation's AD gradient matches central differences", "[device][tape]") {
    // (x0 + x1^2) op x1 at points away from ties (min, max) and with a positive base (powers).
    const TapeOp ops[] = {TapeOp::Add,   TapeOp::Subtract, TapeOp::Multiply, TapeOp::Divide, TapeOp::Power,
                          TapeOp::Pwr,   TapeOp::Min,      TapeOp::Max,      TapeOp::Atan2,  TapeOp::Less,
                          TapeOp::Equal, TapeOp::And,      TapeOp::Or,       TapeOp::GreaterEqual};
    for (TapeOp op : ops) {
        ExpressionTape tape = binaryTape(op);
        for (const auto& x : {std::vector<double>{0.3, 1.2}, std::vector<double>{2.5, -0.6}, std::vector<double>{-3.0, 0.9}}) {
            INFO("op " << static_cast<int>(op) << " at " << x[0] << ", " << x[1]);
            checkGradient(tape, x);
        }
    }
}

TEST_CASE("Powers follow ngspice's B source: x^y is |x|^y, pwr keeps the sign, and the gradient holds for x < 0",
          "[device][tape]") {
    ExpressionTape power = binaryTape(TapeOp::Power);
    ExpressionTape pwr = binaryTape(TapeOp::Pwr);
    // base x0 + x1^2 = -2 - ... : choose x0 so the base is -2 and the exponent x1 = 3 -> |-2|^3 = 8
    CHECK_THAT(valueAt(power, {-11.0, 3.0}), Catch::Matchers::WithinRel(8.0, 1e-15));
    CHECK_THAT(valueAt(pwr, {-11.0, 3.0}), Catch::Matchers::WithinRel(-8.0, 1e-15));
    CHECK_THAT(valueAt(power, {-1.75, 0.5}), Catch::Matchers::WithinRel(std::sqrt(1.5), 1e-15));
    checkGradient(power, {-11.0, 3.0});
    checkGradient(pwr, {-1.75, 0.5});
}

TEST_CASE("Unit step and ramps have ngspice's values: u(0) = 0.5, u2 clamps to [0, 1], uramp is max(x, 0)",
          "[device][tape]") {
    ExpressionTape step = unaryTape(TapeOp::Step), step2 = unaryTape(TapeOp::Step2), ramp = unaryTape(TapeOp::Ramp);
    // inner 2 x0 - 0.3 x1 with x1 = 0: the argument is 2 x0
    CHECK(valueAt(step, {0.0, 0.0}) == 0.5);
    CHECK(valueAt(step, {-0.1, 0.0}) == 0.0);
    CHECK(valueAt(step, {0.1, 0.0}) == 1.0);
    CHECK(valueAt(step2, {0.25, 0.0}) == 0.5);
    CHECK(valueAt(step2, {1.0, 0.0}) == 1.0);
    CHECK(valueAt(ramp, {-1.0, 0.0}) == 0.0);
    CHECK(valueAt(ramp, {1.5, 0.0}) == 3.0);
}

TEST_CASE("Select takes the chosen arm's value and gradient, and time enters with zero gradient", "[device][tape]") {
    // x0 > 0 ? x0^2 * sin(time) : 3 x1
    ExpressionTape tape;
    auto x0 = tape.variable(0);
    auto condition = tape.binary(TapeOp::Greater, x0, tape.constant(0.0));
    auto whenTrue = tape.binary(TapeOp::Multiply, tape.binary(TapeOp::Multiply, x0, x0), tape.unary(TapeOp::Sin, tape.time()));
    auto whenFalse = tape.binary(TapeOp::Multiply, tape.constant(3.0), tape.variable(1));
    tape.select(condition, whenTrue, whenFalse);
    tape.finish(2);
    CHECK(tape.dependsOnTime());
    std::vector<double> gradient(2);
    const double t = 0.25;
    CHECK_THAT(tape.evaluate(std::vector<double>{2.0, 5.0}, t, gradient), Catch::Matchers::WithinRel(4.0 * std::sin(t), 1e-15));
    CHECK_THAT(gradient[0], Catch::Matchers::WithinRel(4.0 * std::sin(t), 1e-15));
    CHECK(gradient[1] == 0.0);
    CHECK(tape.evaluate(std::vector<double>{-2.0, 5.0}, t, gradient) == 15.0);
    CHECK(gradient[0] == 0.0);
    CHECK(gradient[1] == 3.0);
    checkGradient(tape, {1.3, -0.4}, t);
    checkGradient(tape, {-1.3, -0.4}, t);
}

TEST_CASE("A variable's own gradient is the unit vector and a constant's is zero", "[device][tape]") {
    ExpressionTape tape;
    tape.binary(TapeOp::Add, tape.variable(2), tape.constant(std::numbers::pi));
    tape.finish(3);
    std::vector<double> gradient(3, 7.0);
    CHECK(tape.evaluate(std::vector<double>{1.0, 2.0, 3.0}, 0.0, gradient) == 3.0 + std::numbers::pi);
    CHECK(gradient == std::vector<double>{0.0, 0.0, 1.0});
    CHECK_FALSE(tape.dependsOnTime());
}
