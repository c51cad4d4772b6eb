#include "solver/devices/expression_tape.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <numbers>

namespace cablespice::solver {

namespace {

double sign(double x) { return x > 0.0 ? 1.0 : x < 0.0 ? -1.0 : 0.0; }

// f(x) and f'(x) of a one-argument operation.
struct Slope {
    double value, derivative;
};

Slope unarySlope(TapeOp op, double x) {
    switch (op) {
    case TapeOp::Negate: return {-x, -1.0};
    case TapeOp::Not: return {x == 0.0 ? 1.0 : 0.0, 0.0};
    case TapeOp::Sqrt: {
        const double r = std::sqrt(x);
        return {r, 0.5 / r};
    }
    case TapeOp::Exp: {
        const double e = std::exp(x);
        return {e, e};
    }
    case TapeOp::Ln: return {std::log(x), 1.0 / x};
    case TapeOp::Log10: return {std::log10(x), 1.0 / (x * std::numbers::ln10)};
    case TapeOp::Abs: return {std::abs(x), sign(x)};
    case TapeOp::Sin: return {std::sin(x), std::cos(x)};
    case TapeOp::Cos: return {std::cos(x), -std::sin(x)};
    case TapeOp::Tan: {
        const double t = std::tan(x);
        return {t, 1.0 + t * t};
    }
    case TapeOp::Asin: return {std::asin(x), 1.0 / std::sqrt(1.0 - x * x)};
    case TapeOp::Acos: return {std::acos(x), -1.0 / std::sqrt(1.0 - x * x)};
    case TapeOp::Atan: return {std::atan(x), 1.0 / (1.0 + x * x)};
    case TapeOp::Sinh: return {std::sinh(x), std::cosh(x)};
    case TapeOp::Cosh: return {std::cosh(x), std::sinh(x)};
    case TapeOp::Tanh: {
        const double t = std::tanh(x);
        return {t, 1.0 - t * t};
    }
    case TapeOp::Asinh: return {std::asinh(x), 1.0 / std::sqrt(x * x + 1.0)};
    case TapeOp::Acosh: return {std::acosh(x), 1.0 / std::sqrt(x * x - 1.0)};
    case TapeOp::Atanh: return {std::atanh(x), 1.0 / (1.0 - x * x)};
    case TapeOp::Floor: return {std::floor(x), 0.0};
    case TapeOp::Ceil: return {std::ceil(x), 0.0};
    case TapeOp::Int: return {std::trunc(x), 0.0};
    case TapeOp::Nint: return {std::nearbyint(x), 0.0};
    case TapeOp::Sgn: return {sign(x), 0.0};
    case TapeOp::Step: return {x > 0.0 ? 1.0 : x < 0.0 ? 0.0 : 0.5, 0.0};
    case TapeOp::Step2: return {std::clamp(x, 0.0, 1.0), x > 0.0 && x <= 1.0 ? 1.0 : 0.0};
    case TapeOp::Ramp: return {x < 0.0 ? 0.0 : x, x < 0.0 ? 0.0 : 1.0};
    default: break;
    }
    assert(false && "not a unary tape operation");
    return {0.0, 0.0};
}

// f(x, y), df/dx and df/dy of a two-argument operation.
struct Slope2 {
    double value, dx, dy;
};

// |x|^y (ngspice PTpower); d/dy is 0 where |x| = 0 (the limit of |x|^y ln|x| for y > 0).
Slope2 power(double x, double y) {
    const double ax = std::abs(x);
    const double value = std::pow(ax, y);
    const double dx = y == 0.0 ? 0.0 : y * std::pow(ax, y - 1.0) * sign(x);
    return {value, dx, ax == 0.0 ? 0.0 : value * std::log(ax)};
}

Slope2 binarySlope(TapeOp op, double x, double y) {
    switch (op) {
    case TapeOp::Add: return {x + y, 1.0, 1.0};
    case TapeOp::Subtract: return {x - y, 1.0, -1.0};
    case TapeOp::Multiply: return {x * y, y, x};
    case TapeOp::Divide: return {x / y, 1.0 / y, -x / (y * y)};
    case TapeOp::Power: return power(x, y);
    case TapeOp::Pwr: {
        const Slope2 p = power(x, y);
        const double s = x < 0.0 ? -1.0 : 1.0;  // ngspice PTpwr: -(|x|^y) for x < 0
        return {s * p.value, s * p.dx, s * p.dy};
    }
    case TapeOp::Min: return x > y ? Slope2{y, 0.0, 1.0} : Slope2{x, 1.0, 0.0};
    case TapeOp::Max: return x > y ? Slope2{x, 1.0, 0.0} : Slope2{y, 0.0, 1.0};
    case TapeOp::Atan2: {
        const double r2 = x * x + y * y;
        return {std::atan2(x, y), y / r2, -x / r2};
    }
    case TapeOp::Equal: return {x == y ? 1.0 : 0.0, 0.0, 0.0};
    case TapeOp::NotEqual: return {x != y ? 1.0 : 0.0, 0.0, 0.0};
    case TapeOp::Less: return {x < y ? 1.0 : 0.0, 0.0, 0.0};
    case TapeOp::LessEqual: return {x <= y ? 1.0 : 0.0, 0.0, 0.0};
    case TapeOp::Greater: return {x > y ? 1.0 : 0.0, 0.0, 0.0};
    case TapeOp::GreaterEqual: return {x >= y ? 1.0 : 0.0, 0.0, 0.0};
    case TapeOp::And: return {x != 0.0 && y != 0.0 ? 1.0 : 0.0, 0.0, 0.0};
    case TapeOp::Or: return {x != 0.0 || y != 0.0 ? 1.0 : 0.0, 0.0, 0.0};
    default: break;
    }
    assert(false && "not a binary tape operation");
    return {0.0, 0.0, 0.0};
}

} // namespace

ExpressionTape::Index ExpressionTape::push(Instruction instruction) {
    code_.push_back(instruction);
    return static_cast<Index>(code_.size() - 1);
}

ExpressionTape::Index ExpressionTape::constant(double value) { return push({TapeOp::Constant, 0, 0, 0, value}); }

ExpressionTape::Index ExpressionTape::variable(std::uint32_t which) {
    return push({TapeOp::Variable, which, 0, 0, 0.0});
}

ExpressionTape::Index ExpressionTape::time() {
    usesTime_ = true;
    return push({TapeOp::Time, 0, 0, 0, 0.0});
}

ExpressionTape::Index ExpressionTape::unary(TapeOp op, Index operand) {
    assert(operand < code_.size() && "operands come before their operation");
    return push({op, operand, 0, 0, 0.0});
}

ExpressionTape::Index ExpressionTape::binary(TapeOp op, Index lhs, Index rhs) {
    assert(lhs < code_.size() && rhs < code_.size() && "operands come before their operation");
    return push({op, lhs, rhs, 0, 0.0});
}

ExpressionTape::Index ExpressionTape::select(Index condition, Index whenTrue, Index whenFalse) {
    assert(condition < code_.size() && whenTrue < code_.size() && whenFalse < code_.size());
    return push({TapeOp::Select, condition, whenTrue, whenFalse, 0.0});
}

void ExpressionTape::finish(std::size_t variableCount) {
    variables_ = variableCount;
    values_.assign(code_.size(), 0.0);
    derivatives_.assign(code_.size() * variableCount, 0.0);
}

void ExpressionTape::evaluateUnary(const Instruction& in, double* value, double* gradient) const {
    const Slope s = unarySlope(in.op, values_[in.a]);
    *value = s.value;
    const double* ga = gradientOf(in.a);
    for (std::size_t k = 0; k < variables_; ++k) gradient[k] = s.derivative * ga[k];
}

void ExpressionTape::evaluateBinary(const Instruction& in, double* value, double* gradient) const {
    const Slope2 s = binarySlope(in.op, values_[in.a], values_[in.b]);
    *value = s.value;
    const double* ga = gradientOf(in.a);
    const double* gb = gradientOf(in.b);
    // A zero partial contributes nothing even where the other operand's gradient is not finite.
    for (std::size_t k = 0; k < variables_; ++k)
        gradient[k] = (s.dx == 0.0 ? 0.0 : s.dx * ga[k]) + (s.dy == 0.0 ? 0.0 : s.dy * gb[k]);
}

double ExpressionTape::evaluate(std::span<const double> variables, double time, std::span<double> gradient) {
    assert(values_.size() == code_.size() && !code_.empty() && "finish() the tape before evaluating it");
    assert(variables.size() == variables_ && gradient.size() == variables_);
    for (std::size_t i = 0; i < code_.size(); ++i) {
        const Instruction& in = code_[i];
        double* value = &values_[i];
        double* g = derivatives_.data() + i * variables_;
        switch (in.op) {
        case TapeOp::Constant:
        case TapeOp::Time:
            *value = in.op == TapeOp::Time ? time : in.value;
            std::fill(g, g + variables_, 0.0);
            break;
        case TapeOp::Variable:
            *value = variables[in.a];
            std::fill(g, g + variables_, 0.0);
            g[in.a] = 1.0;
            break;
        case TapeOp::Select: {
            const Index chosen = values_[in.a] != 0.0 ? in.b : in.c;
            *value = values_[chosen];
            std::copy(gradientOf(chosen), gradientOf(chosen) + variables_, g);
            break;
        }
        default:
            if (in.op >= TapeOp::Add) evaluateBinary(in, value, g);
            else evaluateUnary(in, value, g);
        }
    }
    const std::size_t last = code_.size() - 1;
    std::copy(gradientOf(static_cast<Index>(last)), gradientOf(static_cast<Index>(last)) + variables_, gradient.begin());
    return values_[last];
}

} // namespace cablespice::solver
