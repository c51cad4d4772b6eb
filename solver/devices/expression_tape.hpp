#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace cablespice::solver {

// The operations of a compiled behavioural expression, with ngspice's B-source meanings:
// Power is |x|^y (ngspice PTpower, also `pow`), Pwr is sgn(x)|x|^y, Step is u(x) (0.5 at 0),
// Step2 is u2(x) (x clamped to [0, 1]), Ramp is uramp(x) (max(x, 0)). Comparisons and logic
// give 1 or 0 and have zero derivative, as do Floor, Ceil, Int, Nint and Sgn.
enum class TapeOp : std::uint8_t {
    Constant, Variable, Time,
    Negate, Not, Sqrt, Exp, Ln, Log10, Abs, Sin, Cos, Tan, Asin, Acos, Atan, Sinh, Cosh, Tanh,
    Asinh, Acosh, Atanh, Floor, Ceil, Int, Nint, Sgn, Step, Step2, Ramp,
    Add, Subtract, Multiply, Divide, Power, Pwr, Min, Max, Atan2,
    Equal, NotEqual, Less, LessEqual, Greater, GreaterEqual, And, Or,
    Select,
};

// An expression compiled once into a flat list of instructions (each operand an earlier
// instruction, the last one the result) and evaluated with forward-mode automatic
// differentiation: every instruction carries its value and its gradient with respect to the
// expression's variables. Evaluation walks the list once and writes only into buffers sized
// when the tape is finished, so it never allocates (the Newton loop calls it per iteration).
// Both arms of a Select are evaluated; the chosen one's value and gradient are taken.
class ExpressionTape {
public:
    using Index = std::uint32_t;

    Index constant(double value);
    Index variable(std::uint32_t which);
    Index time();
    Index unary(TapeOp op, Index operand);
    Index binary(TapeOp op, Index lhs, Index rhs);
    Index select(Index condition, Index whenTrue, Index whenFalse);
    // Sizes the evaluation buffers; variables are numbered 0 .. variableCount - 1.
    void finish(std::size_t variableCount);

    std::size_t variableCount() const { return variables_; }
    std::size_t size() const { return code_.size(); }
    bool dependsOnTime() const { return usesTime_; }

    // The value at `variables` (size variableCount()) and `time`; gradient[k] receives
    // d value / d variables[k]. Needs finish().
    double evaluate(std::span<const double> variables, double time, std::span<double> gradient);

private:
    struct Instruction {
        TapeOp op = TapeOp::Constant;
        Index a = 0, b = 0, c = 0;
        double value = 0.0;  // Constant: the value; Variable: its number
    };

    Index push(Instruction instruction);
    void evaluateUnary(const Instruction& in, double* value, double* gradient) const;
    void evaluateBinary(const Instruction& in, double* value, double* gradient) const;
    const double* gradientOf(Index i) const { return derivatives_.data() + static_cast<std::size_t>(i) * variables_; }

    std::vector<Instruction> code_;
    std::size_t variables_ = 0;
    bool usesTime_ = false;
    std::vector<double> values_, derivatives_;
};

} // namespace cablespice::solver
