#include "solver/analysis/a_weighting.hpp"

#include <cmath>

namespace cablespice::solver {

namespace {

constexpr double kF1 = 20.60, kF2 = 107.7, kF3 = 737.9, kF4 = 12194.0;  // Hz
constexpr double kNormalizationDb = 2.000;                             // -A1000

double squared(double x) { return x * x; }

} // namespace

double aWeightingPowerGain(double frequency) {
    const double f2 = squared(frequency);
    const double amplitude = squared(kF4) * squared(f2) /
                             ((f2 + squared(kF1)) * std::sqrt((f2 + squared(kF2)) * (f2 + squared(kF3))) * (f2 + squared(kF4)));
    return squared(amplitude) * std::pow(10.0, kNormalizationDb / 10.0);
}

double aWeightingDecibels(double frequency) { return 10.0 * std::log10(aWeightingPowerGain(frequency)); }

} // namespace cablespice::solver
