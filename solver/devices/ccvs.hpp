#pragma once
#include "solver/circuit/device.hpp"
#include "solver/circuit/valued_device.hpp"
#include "solver/circuit/sensitive_device.hpp"
#include "solver/mna/stamp_slots.hpp"

namespace cablespice::solver {

// H: v(p) - v(n) = transresistance * i(controller), with its own branch current.
class Ccvs final : public Device, public ValuedDevice, public SensitiveDevice {
public:
    Ccvs(std::string name, SourceRange origin, Unknown p, Unknown n, const Device* controller, double transresistance);
    double primaryValue() const override { return r_; }
    void setPrimaryValue(double value) override { r_ = value; }

    void allocateUnknowns(NodeTable& nodes) override;
    void declareEntries(PatternBuilder& pattern) const override;
    void bindSlots(const SparsePattern& pattern) override;
    void loadConstant(ConstantLoad& load) const override;
    double dcSensitivity(std::span<const double> x, std::span<const double> y) const override;
    std::complex<double> acSensitivity(double omega, std::span<const std::complex<double>> x,
                                       std::span<const std::complex<double>> y) const override;
    double sensitivityValue() const override { return r_; }
    std::string_view sensitivitySuffix() const override { return "_gain"; }
    std::vector<Unknown> terminals() const override { return {p_, n_}; }
    // The controller may be defined later in the netlist; bind it before finalize().
    void setController(const Device* controller) { controller_ = controller; }
    const Device* controller() const { return controller_; }
    std::vector<const Device*> referencedDevices() const override { return {controller_}; }
    std::vector<DcEdge> dcPaths() const override { return {{p_, n_}}; }
    bool definesVoltage() const override { return true; }
    Unknown branchCurrent() const override { return branch_; }

    double transresistance() const { return r_; }

private:
    Unknown p_, n_;
    const Device* controller_;
    Unknown branch_ = kGround;
    double r_;
    BranchSlots output_;
    Slot control_ = 0;
};

} // namespace cablespice::solver
