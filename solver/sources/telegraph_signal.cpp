#include "solver/sources/telegraph_signal.hpp"

#include <algorithm>

namespace cablespice::solver {

TelegraphSignal::TelegraphSignal(double captureSeconds, double emissionSeconds, CounterRandom random,
                                 double horizonSeconds)
    : captureSeconds_(captureSeconds), emissionSeconds_(emissionSeconds), random_(random) {
    double t = 0.0;
    for (std::uint64_t i = 0;; ++i) {
        t += duration(i);
        transitions_.push_back(t);
        if (t > horizonSeconds) break;  // one past the horizon: the state is known up to there
    }
}

double TelegraphSignal::duration(std::uint64_t i) const {
    return i % 2 == 0 ? random_.exponential(i, captureSeconds_) : random_.exponential(i, emissionSeconds_);
}

bool TelegraphSignal::high(double time) const {
    auto count = static_cast<std::uint64_t>(std::lower_bound(transitions_.begin(), transitions_.end(), time) -
                                            transitions_.begin());
    if (count < transitions_.size()) return count % 2 == 1;
    // Past the stored transitions: walk on without storing (pure, allocation-free).
    for (double t = transitions_.back() + duration(count); t < time; t += duration(count)) ++count;
    return count % 2 == 1;
}

void TelegraphSignal::breakpoints(double from, double to, std::vector<double>& out) const {
    auto first = std::lower_bound(transitions_.begin(), transitions_.end(), from);
    for (auto it = first; it != transitions_.end() && *it <= to; ++it) out.push_back(*it);
    if (transitions_.back() >= to) return;
    std::uint64_t i = transitions_.size();
    for (double t = transitions_.back() + duration(i); t <= to; t += duration(++i))
        if (t >= from) out.push_back(t);
}

} // namespace cablespice::solver
