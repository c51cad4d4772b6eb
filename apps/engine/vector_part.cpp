#include "apps/engine/vector_part.hpp"

#include "solver/output/complex_parts.hpp"

#include <cmath>
#include <numbers>

namespace cablespice::app {

double vectorPart(elab::OutputPart part, std::complex<double> z, bool complex) {
    switch (part) {
    case elab::OutputPart::Value: return complex ? std::abs(z) : z.real();
    case elab::OutputPart::Magnitude: return std::abs(z);
    case elab::OutputPart::Decibel: return solver::decibels(z);
    case elab::OutputPart::Phase: return solver::phaseDegrees(z);
    case elab::OutputPart::Real: return z.real();
    case elab::OutputPart::Imaginary: return z.imag();
    }
    return z.real();
}

} // namespace cablespice::app
