#include "apps/engine/vector_part.hpp"

#include "solver/output/complex_parts.hpp"

#include <cmath>
#include <numbers>

namespace cablespice::app {

namespace {

// A real value's phase: 0 or 180 degrees by its sign (-0 counts as positive), NaN stays NaN.
double realPhaseDegrees(double value) {
    if (std::isnan(value)) return value;
    return value < 0.0 ? 180.0 : 0.0;
}

} // namespace

double vectorPart(elab::OutputPart part, std::complex<double> z, bool complex) {
    switch (part) {
    case elab::OutputPart::Value: return complex ? std::abs(z) : z.real();
    case elab::OutputPart::Magnitude: return std::abs(z);
    case elab::OutputPart::Decibel: return solver::decibels(z);
    case elab::OutputPart::Phase: return complex ? solver::phaseDegrees(z) : realPhaseDegrees(z.real());
    case elab::OutputPart::Real: return z.real();
    case elab::OutputPart::Imaginary: return z.imag();
    }
    return z.real();
}

} // namespace cablespice::app
