#pragma once
#include "parser/elaborate/output_request.hpp"

#include <complex>

namespace cablespice::app {

// The real number an ngspice vector function takes from one value: v/i (Value) is the
// magnitude of a complex value and the value itself otherwise; vm, vdb, vp (degrees), vr, vi.
// .print, .meas, {expression} items and the --plot figures all take parts through it.
double vectorPart(elab::OutputPart part, std::complex<double> z, bool complex);

} // namespace cablespice::app
