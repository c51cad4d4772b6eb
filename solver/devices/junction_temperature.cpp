#include "solver/devices/junction_temperature.hpp"

#include <cmath>

namespace cablespice::solver {

namespace {

// SPICE3's junction-potential temperature term: -2 vt (1.5 ln(T/Tref) + q*(-Eg(T)/(2kT) + Eg(Tref)/(2kTref))),
// with the silicon band gap Eg(T) = 1.16 - 7.02e-4 T²/(T + 1108).
double potentialShift(double kelvin) {
    const double gap = 1.16 - 7.02e-4 * kelvin * kelvin / (kelvin + 1108.0);
    const double arg = -gap / (2.0 * kBoltzmannConstant * kelvin) + 1.1150877 / (kBoltzmannConstant * 2.0 * kReferenceKelvin);
    return -2.0 * thermalVoltage(kelvin) * (1.5 * std::log(kelvin / kReferenceKelvin) + kElectronCharge * arg);
}

} // namespace

JunctionAtTemperature junctionAt(double vj, double cjo, double grading, double kelvin, double nominalKelvin) {
    const double nominalFactor = nominalKelvin / kReferenceKelvin;
    const double reference = (vj - potentialShift(nominalKelvin)) / nominalFactor;
    const double oldGamma = (vj - reference) / reference;
    double capacitance = cjo / (1.0 + grading * (400e-6 * (nominalKelvin - kReferenceKelvin) - oldGamma));
    const double potential = potentialShift(kelvin) + kelvin / kReferenceKelvin * reference;
    const double newGamma = (potential - reference) / reference;
    capacitance *= 1.0 + grading * (400e-6 * (kelvin - kReferenceKelvin) - newGamma);
    return {potential, capacitance};
}

} // namespace cablespice::solver
