#pragma once
#include "solver/circuit/device.hpp"
#include "solver/circuit/valued_device.hpp"
#include "solver/circuit/sensitive_device.hpp"
#include "solver/circuit/noise_device.hpp"
#include "solver/mna/stamp_slots.hpp"

namespace cablespice::solver {

// Thermal noise 4kT/R at the resistor's own temperature (the circuit's, or its temp=/dtemp=),
// unless it is declared noiseless (noisy=0).
class Resistor : public Device, public ValuedDevice, public LinearNoiseDevice, public SensitiveDevice {
public:
    Resistor(std::string name, SourceRange origin, Unknown a, Unknown b, double resistanceOhms);
    double primaryValue() const override { return resistance_; }
    void setPrimaryValue(double value) override { setResistance(value); }
    ValueKind valueKind() const override { return ValueKind::Resistance; }

    void declareEntries(PatternBuilder& pattern) const override;
    void bindSlots(const SparsePattern& pattern) override;
    void loadConstant(ConstantLoad& load) const override;
    double dcSensitivity(std::span<const double> x, std::span<const double> y) const override;
    std::complex<double> acSensitivity(double omega, std::span<const std::complex<double>> x,
                                       std::span<const std::complex<double>> y) const override;
    double sensitivityValue() const override { return resistance_; }
    std::vector<Unknown> terminals() const override { return {a_, b_}; }
    std::vector<DcEdge> dcPaths() const override { return {{a_, b_}}; }

    double resistance() const { return resistance_; }
    void setResistance(double ohms) { resistance_ = ohms; }

    bool makesNoise() const override { return noisy_; }
    double outputNoiseDensity(double frequency, std::span<const std::complex<double>> adjoint) const override;
    void setNoiseTemperature(double kelvin) { noiseKelvin_ = kelvin; }
    void setNoisy(bool noisy) { noisy_ = noisy; }

protected:
    const ConductanceSlots& slots() const { return slots_; }
    std::pair<Unknown, Unknown> terminalPair() const { return {a_, b_}; }

private:
    Unknown a_, b_;
    double resistance_;
    ConductanceSlots slots_;
    double noiseKelvin_ = 27.0 + kZeroCelsiusInKelvin;
    bool noisy_ = true;
};

} // namespace cablespice::solver
