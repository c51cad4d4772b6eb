#pragma once

namespace cablespice::solver {

// SPICE3's temperature scaling shared by the junction devices (D, Q), with the physical
// constants ngspice 39 uses (CODATA 2014), so that vt matches it digit for digit.
constexpr double kElectronCharge = 1.6021766208e-19;
constexpr double kBoltzmannConstant = 1.38064852e-23;
constexpr double kKelvinOffset = 273.15;
constexpr double kReferenceKelvin = 300.15;  // SPICE's REFTEMP (27 °C)

inline double thermalVoltage(double kelvin) { return kBoltzmannConstant * kelvin / kElectronCharge; }

struct JunctionAtTemperature {
    double potential, capacitance;
};

// A depletion junction's built-in potential and zero-bias capacitance moved from TNOM to T
// through the potential at the reference temperature (silicon band gap, SPICE3's formulas).
JunctionAtTemperature junctionAt(double vj, double cjo, double grading, double kelvin, double nominalKelvin);

} // namespace cablespice::solver
