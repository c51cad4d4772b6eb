#include "solver/analysis/breakpoint_schedule.hpp"

#include <algorithm>

namespace cablespice::solver {

namespace {
constexpr std::size_t kReservedBreakpoints = 4096;
}

BreakpointSchedule::BreakpointSchedule(const Circuit& circuit, double tstop, double minSpacing, double window,
                                       std::vector<double> fixed)
    : circuit_(circuit), tstop_(tstop), minSpacing_(minSpacing), window_(window), fixed_(std::move(fixed)) {
    std::sort(fixed_.begin(), fixed_.end());
    times_.reserve(kReservedBreakpoints);
}

// Loads the corners of the next window [windowEnd_, windowEnd_ + window_], sorted and merged.
void BreakpointSchedule::refill() {
    const double from = started_ ? windowEnd_ : 0.0;
    const double to = std::min(from + window_, tstop_);
    started_ = true;
    windowEnd_ = to;
    times_.clear();
    cursor_ = 0;
    for (const auto* source : circuit_.excitations()) source->collectBreakpoints(from, to, times_);
    for (auto it = std::lower_bound(fixed_.begin(), fixed_.end(), from); it != fixed_.end() && *it <= to; ++it)
        times_.push_back(*it);
    if (to >= tstop_) times_.push_back(tstop_);
    std::sort(times_.begin(), times_.end());
    auto close = [this](double a, double b) { return b - a < minSpacing_; };
    times_.erase(std::unique(times_.begin(), times_.end(), close), times_.end());
    // A corner just before TSTOP merges with it; the run must still end exactly at TSTOP.
    if (to >= tstop_) times_.back() = tstop_;
}

double BreakpointSchedule::next(double t) {
    if (!started_) refill();
    for (;;) {
        while (cursor_ < times_.size() && times_[cursor_] <= t + minSpacing_) ++cursor_;
        if (cursor_ < times_.size()) return std::min(times_[cursor_], tstop_);
        if (windowEnd_ >= tstop_) return tstop_;
        refill();
    }
}

} // namespace cablespice::solver
