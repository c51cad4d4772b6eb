#pragma once
#include <cmath>
#include <complex>
#include <numbers>

namespace cablespice::solver {

// The one conversion of a complex value to decibels (20 log10 |z|) and phase in degrees, used
// by .print, .meas, CSV, plots and the stepped CSV alike.
inline double decibels(std::complex<double> z) { return 20.0 * std::log10(std::abs(z)); }
inline double phaseDegrees(std::complex<double> z) { return std::arg(z) * 180.0 / std::numbers::pi; }

} // namespace cablespice::solver
