#pragma once
#include "solver/circuit/device.hpp"
#include "solver/circuit/valued_device.hpp"
#include "solver/circuit/sensitive_device.hpp"
#include "solver/mna/stamp_slots.hpp"

namespace cablespice::solver {

// E: v(p) - v(n) = gain * (v(cp) - v(cn)), with its own branch current.
class Vcvs final : public Device, public ValuedDevice, public SensitiveDevice {
public:
    Vcvs(std::string name, SourceRange origin, Unknown p, Unknown n, Unknown cp, Unknown cn, double gain);
    double primaryValue() const override { return gain_; }
    void setPrimaryValue(double value) override { gain_ = value; }

    void allocateUnknowns(NodeTable& nodes) override;
    void declareEntries(PatternBuilder& pattern) const override;
    void bindSlots(const SparsePattern& pattern) override;
    void loadConstant(ConstantLoad& load) const override;
    double dcSensitivity(std::span<const double> x, std::span<const double> y) const override;
    std::complex<double> acSensitivity(double omega, std::span<const std::complex<double>> x,
                                       std::span<const std::complex<double>> y) const override;
    double sensitivityValue() const override { return gain_; }
    std::string_view sensitivitySuffix() const override { return "_gain"; }
    std::vector<Unknown> terminals() const override { return {p_, n_, cp_, cn_}; }
    std::vector<DcEdge> dcPaths() const override { return {{p_, n_}}; }
    bool definesVoltage() const override { return true; }
    Unknown branchCurrent() const override { return branch_; }

    double gain() const { return gain_; }

private:
    Unknown p_, n_, cp_, cn_;
    Unknown branch_ = kGround;
    double gain_;
    BranchSlots output_;
    Slot controlPositive_ = 0, controlNegative_ = 0;
};

} // namespace cablespice::solver
