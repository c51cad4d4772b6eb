#include "solver/sources/sin_waveform.hpp"

#include <cmath>
#include <numbers>

namespace cablespice::solver {

double SinWaveform::value(double time) const {
    const double phaseRadians = p_.phaseDegrees * std::numbers::pi / 180.0;
    const double elapsed = time - p_.delaySeconds;
    if (elapsed <= 0.0) return p_.offset + p_.amplitude * std::sin(phaseRadians);
    return p_.offset + p_.amplitude * std::exp(-elapsed * p_.dampingPerSecond) *
                           std::sin(2.0 * std::numbers::pi * p_.frequencyHz * elapsed + phaseRadians);
}

void SinWaveform::breakpoints(double from, double to, std::vector<double>& out) const {
    if (p_.delaySeconds > 0.0 && p_.delaySeconds >= from && p_.delaySeconds <= to) out.push_back(p_.delaySeconds);
}

} // namespace cablespice::solver
