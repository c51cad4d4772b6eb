#include "solver/sources/pulse_waveform.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace cablespice::solver {

bool PulseWaveform::pulsesExhausted(double elapsed) const {
    return p_.pulseCount > 0.0 && elapsed > p_.pulseCount * p_.periodSeconds;
}

double PulseWaveform::valueInPeriod(double local) const {
    const double riseEnd = p_.riseSeconds;
    const double fallStart = riseEnd + p_.widthSeconds;
    const double fallEnd = fallStart + p_.fallSeconds;
    if (local <= 0.0 || local >= fallEnd) return p_.initial;
    if (local >= riseEnd && local <= fallStart) return p_.pulsed;
    if (local < riseEnd) return p_.initial + (p_.pulsed - p_.initial) * local / p_.riseSeconds;
    return p_.pulsed + (p_.initial - p_.pulsed) * (local - fallStart) / p_.fallSeconds;
}

double PulseWaveform::value(double time) const {
    double elapsed = time - p_.delaySeconds;
    if (pulsesExhausted(elapsed)) return p_.initial;
    // ngspice folds only past the first period, so t == PER itself is evaluated unfolded.
    if (elapsed > p_.periodSeconds) elapsed -= p_.periodSeconds * std::floor(elapsed / p_.periodSeconds);
    return valueInPeriod(elapsed);
}

void PulseWaveform::breakpoints(double from, double to, std::vector<double>& out) const {
    const double per = p_.periodSeconds;
    const std::array<double, 4> corners{0.0, p_.riseSeconds, p_.riseSeconds + p_.widthSeconds,
                                        p_.riseSeconds + p_.widthSeconds + p_.fallSeconds};
    // First period whose last corner can still reach `from`.
    double first = std::floor((from - p_.delaySeconds - corners.back()) / per);
    first = std::max(first, 0.0);
    for (double k = first;; k += 1.0) {
        if (p_.pulseCount > 0.0 && k >= p_.pulseCount) return;
        const double base = p_.delaySeconds + k * per;
        if (base > to) return;
        for (double corner : corners) {
            const double t = base + corner;
            if (t >= from && t <= to) out.push_back(t);
        }
    }
}

} // namespace cablespice::solver
