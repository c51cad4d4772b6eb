#include "solver/sources/source_value.hpp"

#include <numbers>

namespace cablespice::solver {

std::complex<double> SourceValue::acPhasor() const {
    return std::polar(acMagnitude, acPhaseDegrees * std::numbers::pi / 180.0);
}

std::complex<double> SourceValue::acUnitPhasor() const {
    return std::polar(1.0, acPhaseDegrees * std::numbers::pi / 180.0);
}

} // namespace cablespice::solver
