#pragma once
#include "solver/circuit/device.hpp"
#include "solver/circuit/valued_device.hpp"
#include "solver/circuit/noise_device.hpp"
#include "solver/sources/source_noise.hpp"
#include "solver/circuit/sensitive_device.hpp"
#include "solver/sources/source_value.hpp"

namespace cablespice::solver {

// Current I flows from p through the source to n: it leaves node p and enters node n.
// With noise (in=, fci=) it is also a noise current between p and n, for .noise only.
class CurrentSource final : public Device, public ValuedDevice, public ExcitationDevice, public LinearNoiseDevice, public SensitiveDevice {
public:
    CurrentSource(std::string name, SourceRange origin, Unknown p, Unknown n, SourceValue value);
    double primaryValue() const override { return value_.dc; }
    void setPrimaryValue(double value) override { value_.dc = value; }
    ValueKind valueKind() const override { return ValueKind::Current; }
    const SourceValue* sourceValue() const override { return &value_; }

    void declareEntries(PatternBuilder&) const override {}
    void bindSlots(const SparsePattern&) override {}
    double dcSensitivity(std::span<const double> x, std::span<const double> y) const override;
    std::complex<double> acSensitivity(double omega, std::span<const std::complex<double>> x,
                                       std::span<const std::complex<double>> y) const override;
    double sensitivityValue() const override { return value_.dc; }
    double acSensitivityValue() const override { return value_.acMagnitude; }
    std::vector<Unknown> terminals() const override { return {p_, n_}; }

    void loadDc(std::span<double> b, double scale) const override;
    void loadTransient(double time, std::span<double> b) const override;
    void loadAc(std::span<std::complex<double>> b) const override;
    void loadUnitAc(std::span<std::complex<double>> b) const override;
    void collectBreakpoints(double from, double to, std::vector<double>& out) const override;

    SourceValue& value() { return value_; }
    const SourceValue& value() const { return value_; }

    bool makesNoise() const override { return noise_.any(); }
    double outputNoiseDensity(double frequency, std::span<const std::complex<double>> adjoint) const override;
    void setNoise(SourceNoise noise) { noise_ = noise; }

private:
    template <class Scalar>
    void inject(std::span<Scalar> b, Scalar current) const {
        b[p_] -= current;
        b[n_] += current;
    }

    Unknown p_, n_;
    SourceValue value_;
    SourceNoise noise_;
};

} // namespace cablespice::solver
