#include "solver/devices/voltage_source.hpp"

namespace cablespice::solver {

VoltageSource::VoltageSource(std::string name, SourceRange origin, Unknown p, Unknown n, SourceValue value)
    : Device(std::move(name), origin), p_(p), n_(n), value_(std::move(value)) {}

void VoltageSource::allocateUnknowns(NodeTable& nodes) { branch_ = nodes.addBranch(name()); }

void VoltageSource::declareEntries(PatternBuilder& pattern) const { BranchSlots::declare(pattern, p_, n_, branch_); }

void VoltageSource::bindSlots(const SparsePattern& pattern) { slots_ = BranchSlots::bind(pattern, p_, n_, branch_); }

void VoltageSource::loadConstant(ConstantLoad& load) const { slots_.stamp(load.g); }

void VoltageSource::loadDc(std::span<double> b, double scale) const { b[branch_] += scale * value_.dc; }

void VoltageSource::loadTransient(double time, std::span<double> b) const { b[branch_] += value_.at(time); }

void VoltageSource::loadAc(std::span<std::complex<double>> b) const { b[branch_] += value_.acPhasor(); }

void VoltageSource::collectBreakpoints(double from, double to, std::vector<double>& out) const {
    if (value_.waveform) value_.waveform->breakpoints(from, to, out);
}

void VoltageSource::loadUnitAc(std::span<std::complex<double>> b) const { b[branch_] += 1.0; }

// The noise voltage sits where the source's value does, in its branch equation's right-hand side.
double VoltageSource::outputNoiseDensity(double frequency, std::span<const std::complex<double>> adjoint) const {
    return noise_.power(frequency) * std::norm(adjoint[static_cast<std::size_t>(branch_)]);
}

// b[branch] = V: db/dV = e_branch.
double VoltageSource::dcSensitivity(std::span<const double>, std::span<const double> y) const { return y[branch_]; }

// b carries mag * e^(j phase): db/dmag is the unit phasor.
std::complex<double> VoltageSource::acSensitivity(double, std::span<const std::complex<double>>,
                                         std::span<const std::complex<double>> y) const {
    return y[static_cast<std::size_t>(branch_)] * value_.acUnitPhasor();
}

} // namespace cablespice::solver
