#pragma once
#include <algorithm>
#include <span>

namespace cablespice::solver {

// The samples (time ascending) linearly interpolated at `t` (ngspice's interpolation degree 1);
// outside the samples, the nearest end value. Used to put a transient on a uniform grid
// (.four, .wave).
inline double interpolateSamples(std::span<const double> time, std::span<const double> value, double t) {
    auto upper = std::upper_bound(time.begin(), time.end(), t);
    if (upper == time.begin()) return value.front();
    if (upper == time.end()) return value.back();
    auto hi = static_cast<std::size_t>(upper - time.begin()), lo = hi - 1;
    double span = time[hi] - time[lo];
    if (span <= 0.0) return value[hi];
    return value[lo] + (value[hi] - value[lo]) * (t - time[lo]) / span;
}

} // namespace cablespice::solver
