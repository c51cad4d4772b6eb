#include "apps/cablespice/measure_statistics.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <tuple>
#include <ostream>

namespace cablespice::app {

namespace {

void countPasses(const std::string& name, const std::vector<PointOutcome>& outcomes, MeasureStatistics& statistics) {
    for (const auto& outcome : outcomes)
        for (const auto& m : outcome.measurements)
            if (m.name == name && m.passed) {
                statistics.hasPass = true;
                statistics.passed += *m.passed ? 1 : 0;
            }
    if (!statistics.hasPass) return;
    std::tie(statistics.yieldLow, statistics.yieldHigh) = wilsonInterval95(statistics.passed, outcomes.size());
}

std::vector<double> valuesOf(const std::string& name, const std::vector<PointOutcome>& outcomes, std::size_t& failed) {
    std::vector<double> values;
    for (const auto& outcome : outcomes) {
        auto result = std::find_if(outcome.measurements.begin(), outcome.measurements.end(),
                                   [&](const MeasureResult& m) { return m.name == name; });
        if (result != outcome.measurements.end() && result->value) values.push_back(*result->value);
        else ++failed;
    }
    return values;
}

MeasureStatistics statisticsOf(const std::string& name, const std::vector<PointOutcome>& outcomes) {
    MeasureStatistics statistics{name};
    auto values = valuesOf(name, outcomes, statistics.failed);
    statistics.count = values.size();
    countPasses(name, outcomes, statistics);
    if (values.empty()) return statistics;
    std::sort(values.begin(), values.end());
    const double n = static_cast<double>(values.size());
    statistics.mean = std::accumulate(values.begin(), values.end(), 0.0) / n;
    double squares = 0;
    for (double v : values) squares += (v - statistics.mean) * (v - statistics.mean);
    statistics.standardDeviation = values.size() > 1 ? std::sqrt(squares / (n - 1)) : 0.0;
    statistics.min = values.front();
    statistics.max = values.back();
    for (std::size_t i = 0; i < kStatisticsPercentiles.size(); ++i)
        statistics.percentiles[i] = percentileOfSorted(values, kStatisticsPercentiles[i]);
    return statistics;
}

} // namespace

std::pair<double, double> wilsonInterval95(std::size_t successes, std::size_t trials) {
    const double z = 1.959963984540054;  // the normal distribution's 97.5 % point
    const double n = static_cast<double>(trials), p = static_cast<double>(successes) / n;
    const double center = (p + z * z / (2 * n)) / (1 + z * z / n);
    const double half = z / (1 + z * z / n) * std::sqrt(p * (1 - p) / n + z * z / (4 * n * n));
    return {std::max(0.0, center - half), std::min(1.0, center + half)};
}

double percentileOfSorted(const std::vector<double>& sorted, double percent) {
    const double rank = percent / 100.0 * static_cast<double>(sorted.size() - 1);
    const auto below = static_cast<std::size_t>(std::floor(rank));
    if (below + 1 >= sorted.size()) return sorted.back();
    return sorted[below] + (rank - static_cast<double>(below)) * (sorted[below + 1] - sorted[below]);
}

std::vector<MeasureStatistics> measureStatistics(const elab::Deck& base, const std::vector<PointOutcome>& outcomes) {
    std::vector<MeasureStatistics> all;
    for (const auto& spec : base.measures) all.push_back(statisticsOf(spec.name, outcomes));
    return all;
}

std::string formatStatistics(const MeasureStatistics& s) {
    std::string text = fmt::format("{}: count={}", s.name, s.count);
    if (s.failed) text += fmt::format(" failed={}", s.failed);
    if (s.hasPass)
        text += fmt::format(" passed={}/{} yield={:.4g}% (95% CI {:.4g}..{:.4g}%)", s.passed, s.count + s.failed,
                            100.0 * static_cast<double>(s.passed) / static_cast<double>(s.count + s.failed),
                            100 * s.yieldLow, 100 * s.yieldHigh);
    if (s.count == 0) return text;
    text += fmt::format(" mean={:.9g} std={:.9g} min={:.9g} max={:.9g}", s.mean, s.standardDeviation, s.min, s.max);
    for (std::size_t i = 0; i < kStatisticsPercentiles.size(); ++i)
        text += fmt::format(" p{:g}={:.9g}", kStatisticsPercentiles[i], s.percentiles[i]);
    return text;
}

void printMeasureStatistics(const std::vector<MeasureStatistics>& statistics, std::ostream& out) {
    if (statistics.empty()) return;
    out << "--- .meas statistics over the .step points ---\n";
    for (const auto& s : statistics) out << formatStatistics(s) << '\n';
}

} // namespace cablespice::app
