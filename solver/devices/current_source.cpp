#include "solver/devices/current_source.hpp"

namespace cablespice::solver {

CurrentSource::CurrentSource(std::string name, SourceRange origin, Unknown p, Unknown n, SourceValue value)
    : Device(std::move(name), origin), p_(p), n_(n), value_(std::move(value)) {}

// Index 0 of b is the ground bucket, so ground terminals need no branch.
void CurrentSource::loadDc(std::span<double> b, double scale) const { inject(b, scale * value_.dc); }

void CurrentSource::loadTransient(double time, std::span<double> b) const { inject(b, value_.at(time)); }

void CurrentSource::loadAc(std::span<std::complex<double>> b) const { inject(b, value_.acPhasor()); }

void CurrentSource::collectBreakpoints(double from, double to, std::vector<double>& out) const {
    if (value_.waveform) value_.waveform->breakpoints(from, to, out);
}

void CurrentSource::loadUnitAc(std::span<std::complex<double>> b) const { inject(b, std::complex<double>(1.0, 0.0)); }

double CurrentSource::outputNoiseDensity(double frequency, std::span<const std::complex<double>> adjoint) const {
    return noise_.power(frequency) * currentNoiseTransfer(adjoint, p_, n_);
}

// b[p] -= I, b[n] += I.
double CurrentSource::dcSensitivity(std::span<const double>, std::span<const double> y) const { return -across(y, p_, n_); }

// b carries mag * e^(j phase): db/dmag is the unit phasor.
std::complex<double> CurrentSource::acSensitivity(double, std::span<const std::complex<double>>,
                                         std::span<const std::complex<double>> y) const {
    return -across(y, p_, n_) * value_.acUnitPhasor();
}

} // namespace cablespice::solver
