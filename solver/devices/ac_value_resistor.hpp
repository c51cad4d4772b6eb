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

    double acResistance() const { return acResistance_; }
    void setAcResistance(double ohms) { acResistance_ = ohms; }

private:
    double acResistance_;
};

} // namespace cablespice::solver
