#pragma once
#include "solver/sources/counter_random.hpp"

#include <cstdint>
#include <vector>

namespace cablespice::solver {

// Random telegraph signal (RTS, burst noise) as ngspice's TRNOISE draws it: low (0) from t = 0,
// high for an exponentially distributed time of mean `emissionSeconds` after a low time of mean
// `captureSeconds`, and so on. Low time j is random_.exponential(2j, capture), high time j is
// random_.exponential(2j + 1, emission): the transitions are a pure function of the generator.
// They are computed up to `horizonSeconds` at construction (the run's TSTOP); later ones are
// walked to from the last stored one when asked for.
class TelegraphSignal {
public:
    TelegraphSignal(double captureSeconds, double emissionSeconds, CounterRandom random, double horizonSeconds);

    // The state on (t_i, t_{i+1}]: a transition time itself still has the state before it,
    // as TRRANDOM's steps do, so a time step landing on it sees the held level.
    bool high(double time) const;
    // Transition times inside [from, to], appended to out.
    void breakpoints(double from, double to, std::vector<double>& out) const;

private:
    // Transition i (0-based): a capture (low -> high) for even i, an emission for odd i.
    double duration(std::uint64_t i) const;

    double captureSeconds_;
    double emissionSeconds_;
    CounterRandom random_;
    std::vector<double> transitions_;  // increasing
};

} // namespace cablespice::solver
