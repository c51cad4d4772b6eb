#pragma once
#include "solver/circuit/device.hpp"
#include "solver/circuit/sensitive_device.hpp"
#include "solver/sources/source_value.hpp"

namespace cablespice::solver {

// Current I flows from p through the source to n: it leaves node p and enters node n.
class CurrentSource final : public Device, public ExcitationDevice, public SensitiveDevice {
public:
    CurrentSource(std::string name, SourceRange origin, Unknown p, Unknown n, SourceValue value);

    void declareEntries(PatternBuilder&) const override {}
    void bindSlots(const SparsePattern&) override {}
    double dcSensitivity(std::span<const double> x, std::span<const double> y) const override;
    std::vector<Unknown> terminals() const override { return {p_, n_}; }

    void loadDc(std::span<double> b, double scale) const override;
    void loadTransient(double time, std::span<double> b) const override;
    void loadAc(std::span<std::complex<double>> b) const override;
    void loadUnitAc(std::span<std::complex<double>> b) const override;
    void collectBreakpoints(double from, double to, std::vector<double>& out) const override;

    SourceValue& value() { return value_; }
    const SourceValue& value() const { return value_; }

private:
    template <class Scalar>
    void inject(std::span<Scalar> b, Scalar current) const {
        b[p_] -= current;
        b[n_] += current;
    }

    Unknown p_, n_;
    SourceValue value_;
};

} // namespace cablespice::solver
