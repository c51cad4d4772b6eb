#pragma once
#include "solver/circuit/device.hpp"
#include "solver/mna/stamp_slots.hpp"

namespace cablespice::solver {

class Resistor : public Device {
public:
    Resistor(std::string name, SourceRange origin, Unknown a, Unknown b, double resistanceOhms);

    void declareEntries(PatternBuilder& pattern) const override;
    void bindSlots(const SparsePattern& pattern) override;
    void loadConstant(ConstantLoad& load) const override;
    std::vector<Unknown> terminals() const override { return {a_, b_}; }
    std::vector<DcEdge> dcPaths() const override { return {{a_, b_}}; }

    double resistance() const { return resistance_; }
    void setResistance(double ohms) { resistance_ = ohms; }

protected:
    const ConductanceSlots& slots() const { return slots_; }

private:
    Unknown a_, b_;
    double resistance_;
    ConductanceSlots slots_;
};

} // namespace cablespice::solver
