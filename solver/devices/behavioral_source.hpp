#pragma once
#include "solver/circuit/device.hpp"
#include "solver/devices/expression_tape.hpp"
#include "solver/mna/stamp_slots.hpp"

#include <vector>

namespace cablespice::solver {

// What one variable of a behavioural expression reads: a node voltage, or the branch current
// of an element that owns one (set once every element exists).
struct ExpressionVariable {
    Unknown node = kGround;
    const Device* branchOwner = nullptr;

    Unknown unknown() const { return branchOwner ? branchOwner->branchCurrent() : node; }
};

// ngspice's B source, and the nonlinear SPICE2 POLY sources built on it: a current I(x, t)
// from p through the source to n, or a voltage v(p) - v(n) = V(x, t) with its own branch
// current. The expression is a compiled tape whose variables are unknowns of x; its gradient
// (forward-mode AD) is the Jacobian row. The branch incidence of a voltage output is linear and
// stamped once; everything the expression gives is loaded at every Newton iterate, so an
// expression linear in x is solved exactly by the first Newton step.
class BehavioralSource final : public Device, public NonlinearDevice {
public:
    enum class Output { Current, Voltage };

    BehavioralSource(std::string name, SourceRange origin, Output output, Unknown p, Unknown n, ExpressionTape tape);

    // Variable k of the tape (all must be set before finalize()).
    void setVariable(std::size_t k, ExpressionVariable variable) { variables_.at(k) = variable; }
    std::size_t variableCount() const { return variables_.size(); }

    void allocateUnknowns(NodeTable& nodes) override;
    void declareEntries(PatternBuilder& pattern) const override;
    void bindSlots(const SparsePattern& pattern) override;
    void loadConstant(ConstantLoad& load) const override;
    void loadNonlinear(NonlinearLoad& load) override;
    std::vector<Unknown> terminals() const override;
    std::vector<DcEdge> dcPaths() const override;
    bool definesVoltage() const override { return output_ == Output::Voltage; }
    Unknown branchCurrent() const override { return branch_; }

    Output output() const { return output_; }

private:
    // Evaluates the tape at x; gradient_ receives its derivatives.
    double evaluate(const NonlinearLoad& load);

    Output output_;
    Unknown p_, n_, branch_ = kGround;
    ExpressionTape tape_;
    std::vector<ExpressionVariable> variables_;
    std::vector<Unknown> unknowns_;       // variable k's unknown (after bindSlots)
    std::vector<double> values_, gradient_;  // evaluation scratch, sized once
    BranchSlots incidence_;
    std::vector<Slot> rowP_, rowN_;       // (p, u_k), (n, u_k) for a current; (branch, u_k) in rowP_ for a voltage
};

} // namespace cablespice::solver
