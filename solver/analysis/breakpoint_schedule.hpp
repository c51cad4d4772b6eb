#pragma once
#include "solver/circuit/circuit.hpp"

#include <cstddef>
#include <vector>

namespace cablespice::solver {

// Upcoming waveform corners (ExcitationDevice::collectBreakpoints) plus TSTOP, gathered one
// window at a time so a fast periodic source over a long run never needs a huge table.
// The buffer is reserved up front and reused, so the time loop does not allocate (unless one
// window holds more corners than the reservation).
class BreakpointSchedule {
public:
    // Corners closer than minSpacing to each other (or to the current time) are merged: a
    // step that short only adds rounding noise (ngspice CKTminBreak).
    // `fixed`: times given by the user (.options breakpoints=), any order.
    BreakpointSchedule(const Circuit& circuit, double tstop, double minSpacing, double window,
                       std::vector<double> fixed = {});

    // The first breakpoint after t + minSpacing; tstop when no corner is left.
    double next(double t);
    double minSpacing() const { return minSpacing_; }

private:
    void refill();

    const Circuit& circuit_;
    double tstop_;
    double minSpacing_;
    double window_;
    double windowEnd_ = 0.0;
    bool started_ = false;
    std::vector<double> fixed_;  // sorted
    std::vector<double> times_;
    std::size_t cursor_ = 0;
};

} // namespace cablespice::solver
