#include "solver/sources/exp_waveform.hpp"

#include <cmath>

namespace cablespice::solver {

double ExpWaveform::value(double time) const {
    if (time <= p_.riseDelaySeconds) return p_.initial;
    const double swing = p_.pulsed - p_.initial;
    double v = p_.initial + swing * (1.0 - std::exp(-(time - p_.riseDelaySeconds) / p_.riseTauSeconds));
    if (time <= p_.fallDelaySeconds) return v;
    return v - swing * (1.0 - std::exp(-(time - p_.fallDelaySeconds) / p_.fallTauSeconds));
}

void ExpWaveform::breakpoints(double from, double to, std::vector<double>& out) const {
    for (double corner : {p_.riseDelaySeconds, p_.fallDelaySeconds}) {
        if (corner > 0.0 && corner >= from && corner <= to) out.push_back(corner);
    }
}

} // namespace cablespice::solver
