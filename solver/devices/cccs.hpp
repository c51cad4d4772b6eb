#pragma once
#include "solver/circuit/device.hpp"
#include "solver/circuit/valued_device.hpp"
#include "solver/circuit/sensitive_device.hpp"

namespace cablespice::solver {

// F: current gain * i(controller) flows from p through the source to n. The controller is
// any element with a branch current (a voltage source in SPICE3).
class Cccs final : public Device, public ValuedDevice, public SensitiveDevice {
public:
    Cccs(std::string name, SourceRange origin, Unknown p, Unknown n, const Device* controller, double gain);
    double primaryValue() const override { return gain_; }
    void setPrimaryValue(double value) override { gain_ = value; }

    void declareEntries(PatternBuilder& pattern) const override;
    void bindSlots(const SparsePattern& pattern) override;
    void loadConstant(ConstantLoad& load) const override;
    double dcSensitivity(std::span<const double> x, std::span<const double> y) const override;
    std::complex<double> acSensitivity(double omega, std::span<const std::complex<double>> x,
                                       std::span<const std::complex<double>> y) const override;
    double sensitivityValue() const override { return gain_; }
    std::string_view sensitivitySuffix() const override { return "_gain"; }
    std::vector<Unknown> terminals() const override { return {p_, n_}; }
    // The controller may be defined later in the netlist; bind it before finalize().
    void setController(const Device* controller) { controller_ = controller; }
    const Device* controller() const { return controller_; }
    std::vector<const Device*> referencedDevices() const override { return {controller_}; }

    double gain() const { return gain_; }

private:
    Unknown p_, n_;
    const Device* controller_;
    double gain_;
    Slot positive_ = 0, negative_ = 0;
};

} // namespace cablespice::solver
