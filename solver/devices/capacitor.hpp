#pragma once
#include "solver/circuit/device.hpp"
#include "solver/circuit/valued_device.hpp"
#include "solver/circuit/sensitive_device.hpp"
#include "solver/mna/stamp_slots.hpp"

#include <optional>

namespace cablespice::solver {

// q = C * v(a, b): stamps C into the reactive array once; no per-step code.
class Capacitor final : public Device, public ValuedDevice, public InitialConditionDevice, public SensitiveDevice {
public:
    Capacitor(std::string name, SourceRange origin, Unknown a, Unknown b, double capacitanceFarads,
              std::optional<double> initialVoltage = std::nullopt);
    double primaryValue() const override { return capacitance_; }
    void setPrimaryValue(double value) override { setCapacitance(value); }

    void declareEntries(PatternBuilder& pattern) const override;
    void bindSlots(const SparsePattern& pattern) override;
    void loadConstant(ConstantLoad& load) const override;
    double dcSensitivity(std::span<const double>, std::span<const double>) const override { return 0.0; }
    std::complex<double> acSensitivity(double omega, std::span<const std::complex<double>> x,
                                       std::span<const std::complex<double>> y) const override;
    double sensitivityValue() const override { return capacitance_; }
    bool affectsDc() const override { return false; }
    std::vector<Unknown> terminals() const override { return {a_, b_}; }
    void seedInitialCondition(std::span<double> x, const std::function<bool(Unknown)>& setByIc) const override;
    void correctInitialCharge(std::span<const double> x, std::span<double> q) const override;

    double capacitance() const { return capacitance_; }
    void setCapacitance(double farads) { capacitance_ = farads; }
    std::optional<double> initialVoltage() const { return initialVoltage_; }

private:
    Unknown a_, b_;
    double capacitance_;
    std::optional<double> initialVoltage_;
    ConductanceSlots slots_;
};

} // namespace cablespice::solver
