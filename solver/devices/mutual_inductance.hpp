#pragma once
#include "solver/circuit/device.hpp"
#include "solver/circuit/valued_device.hpp"
#include "solver/devices/inductor.hpp"

namespace cablespice::solver {

// K element: couples two or more inductors with one coefficient k; every pair gets
// M = k sqrt(L1 L2) as -M between the two branch currents in C.
class MutualInductance final : public Device, public ValuedDevice {
public:
    MutualInductance(std::string name, SourceRange origin, std::vector<const Inductor*> inductors, double coupling);
    double primaryValue() const override { return coupling_; }
    void setPrimaryValue(double value) override { coupling_ = value; }

    void declareEntries(PatternBuilder& pattern) const override;
    void bindSlots(const SparsePattern& pattern) override;
    void loadConstant(ConstantLoad& load) const override;
    std::vector<Unknown> terminals() const override { return {}; }
    std::vector<const Device*> referencedDevices() const override { return {inductors_.begin(), inductors_.end()}; }

    double coupling() const { return coupling_; }
    const std::vector<const Inductor*>& inductors() const { return inductors_; }
    void setInductors(std::vector<const Inductor*> inductors) { inductors_ = std::move(inductors); }

private:
    struct PairSlots {
        std::size_t first, second;
        Slot forward, backward;
    };
    std::vector<const Inductor*> inductors_;
    double coupling_;
    std::vector<PairSlots> pairs_;
};

} // namespace cablespice::solver
