#include "solver/sources/pwl_waveform.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace cablespice::solver {

PwlWaveform::PwlWaveform(PwlParameters parameters) : p_(std::move(parameters)) {
    assert(!p_.points.empty() && "PWL needs at least one point (checked by makeWaveform)");
}

double PwlWaveform::repeatPeriod() const { return p_.points.back().time - *p_.repeatFrom; }

// Maps a time past the last point back into (R, end] when the waveform repeats. The end of
// every repeat keeps the last value, exactly as the end of the table itself does (value()
// does not fold local == end): the waveform is left-continuous at every wrap, so a step
// landing on a wrap breakpoint sees the left-hand value and the jump to the value at R comes
// right after it, where the transient restarts. A time within rounding of a wrap counts as
// the wrap (breakpoints are computed as end + m*period, value() folds local - R).
double PwlWaveform::foldIntoTable(double local) const {
    const double start = *p_.repeatFrom;
    const double period = repeatPeriod();
    const double offset = local - start;
    const double periods = std::ceil(offset / period - 1e-12);
    return start + offset - period * (periods - 1.0);
}

double PwlWaveform::interpolate(double local) const {
    const auto& pts = p_.points;
    auto upper = std::lower_bound(pts.begin(), pts.end(), local,
                                  [](const PwlPoint& p, double t) { return p.time < t; });
    if (upper == pts.begin()) return upper->value;
    if (upper == pts.end()) return pts.back().value;
    const PwlPoint& lower = *(upper - 1);
    const double fraction = (local - lower.time) / (upper->time - lower.time);
    return lower.value + fraction * (upper->value - lower.value);
}

double PwlWaveform::value(double time) const {
    double local = time - p_.delaySeconds;
    if (local <= p_.points.front().time) return p_.points.front().value;
    if (local > p_.points.back().time) {
        if (!p_.repeatFrom) return p_.points.back().value;
        local = foldIntoTable(local);
    }
    return interpolate(local);
}

void PwlWaveform::breakpoints(double from, double to, std::vector<double>& out) const {
    auto emit = [&](double t) {
        if (t >= from && t <= to) out.push_back(t);
    };
    for (const auto& point : p_.points) emit(point.time + p_.delaySeconds);
    if (!p_.repeatFrom) return;
    const double period = repeatPeriod();
    const double end = p_.points.back().time + p_.delaySeconds;
    // Copy m (m >= 1) of the repeated segment covers (end + (m-1)*period, end + m*period].
    double first = std::max(1.0, std::floor((from - end) / period));
    for (double m = first; end + (m - 1.0) * period <= to; m += 1.0) {
        for (const auto& point : p_.points) {
            if (point.time <= *p_.repeatFrom) continue;
            emit(point.time + p_.delaySeconds + m * period);
        }
    }
}

} // namespace cablespice::solver
