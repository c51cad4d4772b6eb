#pragma once
#include "solver/devices/resistor.hpp"

namespace cablespice::solver {

// A resistor with another resistance for small signals (ngspice's `ac=`): .op, .dc and .tran
// use R, .ac uses R_ac (the AC stamp adds 1/R_ac - 1/R to the constant 1/R).
class AcValueResistor final : public Resistor, public FrequencyDependentDevice {
public:
    AcValueResistor(std::string name, SourceRange origin, Unknown a, Unknown b, double resistanceOhms,
                    double acResistanceOhms);

    void loadFrequency(double omega, ComplexMatrixValues& values) const override;
    // In AC the element's value is R_ac (R's 1/R cancels in the AC stamp).
    std::complex<double> acSensitivity(double omega, std::span<const std::complex<double>> x,
                                       std::span<const std::complex<double>> y) const override;
    double acSensitivityValue() const override { return acResistance_; }

    double acResistance() const { return acResistance_; }
    void setAcResistance(double ohms) { acResistance_ = ohms; }

private:
    double acResistance_;
};

} // namespace cablespice::solver
