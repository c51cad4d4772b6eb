#include "apps/engine/vector_part.hpp"

#include <cmath>
#include <numbers>

namespace cablespice::app {

double vectorPart(elab::OutputPart part, std::complex<double> z, bool complex) {
    switch (part) {
    case elab::OutputPart::Value: return complex ? std::abs(z) : z.real();
    case elab::OutputPart::Magnitude: return std::abs(z);
    case elab::OutputPart::Decibel: return 20.0 * std::log10(std::abs(z));
    case elab::OutputPart::Phase: return std::arg(z) * 180.0 / std::numbers::pi;
    case elab::OutputPart::Real: return z.real();
    case elab::OutputPart::Imaginary: return z.imag();
    }
    return z.real();
}

} // namespace cablespice::app
