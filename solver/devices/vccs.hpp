#pragma once
#include "solver/circuit/device.hpp"
#include "solver/circuit/valued_device.hpp"
#include "solver/circuit/sensitive_device.hpp"
#include "solver/mna/stamp_slots.hpp"

namespace cablespice::solver {

// G: current gm * (v(cp) - v(cn)) flows from p through the source to n.
class Vccs final : public Device, public ValuedDevice, public SensitiveDevice {
public:
    Vccs(std::string name, SourceRange origin, Unknown p, Unknown n, Unknown cp, Unknown cn, double transconductance);
    double primaryValue() const override { return gm_; }
    void setPrimaryValue(double value) override { gm_ = value; }

    void declareEntries(PatternBuilder& pattern) const override;
    void bindSlots(const SparsePattern& pattern) override;
    void loadConstant(ConstantLoad& load) const override;
    double dcSensitivity(std::span<const double> x, std::span<const double> y) const override;
    std::complex<double> acSensitivity(double omega, std::span<const std::complex<double>> x,
                                       std::span<const std::complex<double>> y) const override;
    double sensitivityValue() const override { return gm_; }
    std::string_view sensitivitySuffix() const override { return "_gain"; }
    std::vector<Unknown> terminals() const override { return {p_, n_, cp_, cn_}; }

    double transconductance() const { return gm_; }

private:
    Unknown p_, n_, cp_, cn_;
    double gm_;
    TransconductanceSlots slots_;
};

} // namespace cablespice::solver
