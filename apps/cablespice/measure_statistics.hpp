#pragma once
#include "apps/engine/stepped_runner.hpp"

#include <array>
#include <cstddef>
#include <iosfwd>
#include <string>
#include <utility>
#include <vector>

namespace cablespice::app {

// One .meas over the points of a stepped run (a Monte Carlo): the points where it has a
// value, their mean, sample standard deviation, extremes and percentiles.
struct MeasureStatistics {
    std::string name;
    std::size_t count = 0;   // points with a value
    std::size_t failed = 0;  // points without one (failed measurement or point)
    double mean = 0, standardDeviation = 0, min = 0, max = 0;
    std::array<double, 5> percentiles{};  // at kStatisticsPercentiles
    // PASS=: the points where the condition held, of all points (a failed measurement fails),
    // and the 95 % confidence interval of the yield.
    bool hasPass = false;
    std::size_t passed = 0;
    double yieldLow = 0, yieldHigh = 0;
};

// Wilson's score interval for a proportion of `successes` in `trials` at 95 % confidence: it
// stays inside [0, 1] and is right at yields near 100 %, where the normal approximation is not.
std::pair<double, double> wilsonInterval95(std::size_t successes, std::size_t trials);

// The percentiles reported, in percent.
inline constexpr std::array<double, 5> kStatisticsPercentiles = {0.1, 1, 50, 99, 99.9};

// Percentile p (0..100) of sorted values, linear between neighbouring order statistics (the
// values at ranks p/100 (n-1); numpy's default).
double percentileOfSorted(const std::vector<double>& sorted, double percent);

// One entry per .meas of the deck, in deck order.
std::vector<MeasureStatistics> measureStatistics(const elab::Deck& base, const std::vector<PointOutcome>& outcomes);

// "NAME: count=2000 mean=... std=... min=... max=... p0.1=... p1=... p50=... p99=... p99.9=..."
std::string formatStatistics(const MeasureStatistics& statistics);

// The block printed after a stepped run's points (nothing when the deck has no .meas).
void printMeasureStatistics(const std::vector<MeasureStatistics>& statistics, std::ostream& out);

} // namespace cablespice::app
