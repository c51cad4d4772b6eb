#pragma once
#include <cmath>
#include <complex>
#include <numbers>

namespace cablespice::solver {

// The one conversion of an amplitude (ratio) or a complex value to decibels (20 log10 |z|) and
// of a complex value to its phase in degrees, used by .print, .meas, CSV, plots, the stepped
// CSV, CMRR, the imbalance budget, Fourier tables and the noise figures alike.
inline double decibels(double amplitudeRatio) { return 20.0 * std::log10(amplitudeRatio); }
inline double decibels(std::complex<double> z) { return decibels(std::abs(z)); }
inline double phaseDegrees(std::complex<double> z) { return std::arg(z) * 180.0 / std::numbers::pi; }

} // namespace cablespice::solver
