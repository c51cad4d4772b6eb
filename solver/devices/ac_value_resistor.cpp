#include "solver/devices/ac_value_resistor.hpp"

namespace cablespice::solver {

AcValueResistor::AcValueResistor(std::string name, SourceRange origin, Unknown a, Unknown b, double resistanceOhms,
                                 double acResistanceOhms)
    : Resistor(std::move(name), origin, a, b, resistanceOhms), acResistance_(acResistanceOhms) {}

void AcValueResistor::loadFrequency(double /*omega*/, ComplexMatrixValues& values) const {
    slots().stamp(values, std::complex<double>(1.0 / acResistance_ - 1.0 / resistance(), 0.0));
}

std::complex<double> AcValueResistor::acSensitivity(double, std::span<const std::complex<double>> x,
                                                    std::span<const std::complex<double>> y) const {
    const auto [a, b] = terminalPair();
    return across(y, a, b) * across(x, a, b) / (acResistance_ * acResistance_);
}

} // namespace cablespice::solver
