#include "solver/analysis/transient_step_control.hpp"

#include <algorithm>
#include <cmath>

namespace cablespice::solver {

StepLimits resolveStepLimits(const TranSpec& spec, const TransientOptions& options) {
    StepLimits limits;
    limits.tmax = spec.tmax > 0.0 ? spec.tmax : std::min(spec.tstep, (spec.tstop - spec.tstart) / 50.0);
    limits.hmin = options.hmin > 0.0 ? options.hmin : 1e-11 * limits.tmax;
    limits.minBreak = 5e-5 * limits.tmax;
    limits.first = std::min(spec.tstop / 100.0, spec.tstep) / 10.0;
    return limits;
}

double ladderFloor(double h, double tmax) {
    if (h >= tmax) return tmax;
    // The epsilon keeps an exact ladder value on its own rung despite log2 rounding.
    const int k = static_cast<int>(std::floor(std::log2(h / tmax) + 1e-9));
    return std::ldexp(tmax, k);
}

StepJudgement judgeStep(double h, double allowed, const StepLimits& limits) {
    if (allowed < kAcceptFraction * h) return {false, ladderFloor(std::max(allowed, 0.1 * h), limits.tmax)};
    if (allowed >= 2.0 * h) return {true, std::min(2.0 * h, limits.tmax)};
    return {true, h};
}

PlannedStep planStep(double t, double hWanted, double tb, const StepLimits& limits, bool splitRemainder) {
    const double remaining = tb - t;
    if (hWanted >= remaining - limits.minBreak) return {remaining, true};
    if (splitRemainder && 2.0 * hWanted > remaining - limits.minBreak) return {0.5 * remaining, false};
    return {hWanted, false};
}

} // namespace cablespice::solver
