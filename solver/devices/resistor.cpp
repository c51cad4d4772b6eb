#include "solver/devices/resistor.hpp"

namespace cablespice::solver {

Resistor::Resistor(std::string name, SourceRange origin, Unknown a, Unknown b, double resistanceOhms)
    : Device(std::move(name), origin), a_(a), b_(b), resistance_(resistanceOhms) {}

void Resistor::declareEntries(PatternBuilder& pattern) const {
    ConductanceSlots::declare(pattern, a_, b_, EntryKind::Resistive);
}

void Resistor::bindSlots(const SparsePattern& pattern) { slots_ = ConductanceSlots::bind(pattern, a_, b_); }

void Resistor::loadConstant(ConstantLoad& load) const { slots_.stamp(load.g, 1.0 / resistance_); }

double Resistor::outputNoiseDensity(double, std::span<const std::complex<double>> adjoint) const {
    return thermalNoiseCurrentDensity(noiseKelvin_, resistance_) * currentNoiseTransfer(adjoint, a_, b_);
}

// A = ... + (1/R) stamp: dA/dR = -(1/R^2) stamp.
double Resistor::dcSensitivity(std::span<const double> x, std::span<const double> y) const {
    return across(y, a_, b_) * across(x, a_, b_) / (resistance_ * resistance_);
}

std::complex<double> Resistor::acSensitivity(double, std::span<const std::complex<double>> x,
                                             std::span<const std::complex<double>> y) const {
    return across(y, a_, b_) * across(x, a_, b_) / (resistance_ * resistance_);
}

} // namespace cablespice::solver
