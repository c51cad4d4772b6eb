#pragma once
#include "solver/circuit/device.hpp"
#include "solver/circuit/valued_device.hpp"
#include "solver/circuit/sensitive_device.hpp"
#include "solver/mna/stamp_slots.hpp"

#include <optional>

namespace cablespice::solver {

// Branch equation v(a) - v(b) - d(L i)/dt = 0: incidence in G, -L on the branch diagonal of C.
class Inductor final : public Device, public ValuedDevice, public InitialConditionDevice, public SensitiveDevice {
public:
    Inductor(std::string name, SourceRange origin, Unknown a, Unknown b, double inductanceHenries,
             std::optional<double> initialCurrent = std::nullopt);
    double primaryValue() const override { return inductance_; }
    void setPrimaryValue(double value) override { setInductance(value); }

    void allocateUnknowns(NodeTable& nodes) override;
    void declareEntries(PatternBuilder& pattern) const override;
    void bindSlots(const SparsePattern& pattern) override;
    void loadConstant(ConstantLoad& load) const override;
    double dcSensitivity(std::span<const double>, std::span<const double>) const override { return 0.0; }
    std::complex<double> acSensitivity(double omega, std::span<const std::complex<double>> x,
                                       std::span<const std::complex<double>> y) const override;
    double sensitivityValue() const override { return inductance_; }
    bool affectsDc() const override { return false; }
    std::vector<Unknown> terminals() const override { return {a_, b_}; }
    std::vector<DcEdge> dcPaths() const override { return {{a_, b_}}; }
    bool definesVoltage() const override { return true; }
    Unknown branchCurrent() const override { return branch_; }
    void seedInitialCondition(std::span<double> x, const std::function<bool(Unknown)>& setByIc) const override;

    double inductance() const { return inductance_; }
    void setInductance(double henries) { inductance_ = henries; }
    std::optional<double> initialCurrent() const { return initialCurrent_; }

private:
    Unknown a_, b_;
    Unknown branch_ = kGround;
    double inductance_;
    std::optional<double> initialCurrent_;
    BranchSlots incidence_;
    Slot self_ = 0;
};

} // namespace cablespice::solver
