#include "solver/sources/sffm_waveform.hpp"

#include <cmath>
#include <numbers>

namespace cablespice::solver {

double SffmWaveform::value(double time) const {
    constexpr double kTwoPi = 2.0 * std::numbers::pi;
    constexpr double kRadiansPerDegree = std::numbers::pi / 180.0;
    const double signal = std::sin(kTwoPi * p_.signalHz * time + p_.signalPhaseDegrees * kRadiansPerDegree);
    return p_.offset + p_.amplitude * std::sin(kTwoPi * p_.carrierHz * time + p_.carrierPhaseDegrees * kRadiansPerDegree +
                                               p_.modulationIndex * signal);
}

} // namespace cablespice::solver
