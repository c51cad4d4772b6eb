#include "apps/cablespice/measure_histogram.hpp"

#include <algorithm>
#include <cmath>

namespace cablespice::app {

namespace {

std::vector<double> valuesOf(const std::string& name, const std::vector<PointOutcome>& outcomes) {
    std::vector<double> values;
    for (const auto& outcome : outcomes)
        for (const auto& m : outcome.measurements)
            if (m.name == name && m.value) values.push_back(*m.value);
    return values;
}

// (edge0, 0), (edge0, c0), (edge1, c0), (edge1, c1), ..., (edgeN, 0): the outline of the bars.
PlotCurve staircase(const Histogram& histogram, const std::string& title) {
    PlotCurve curve{title, {histogram.edges.front()}, {0.0}};
    for (std::size_t i = 0; i < histogram.counts.size(); ++i) {
        const auto count = static_cast<double>(histogram.counts[i]);
        curve.x.insert(curve.x.end(), {histogram.edges[i], histogram.edges[i + 1]});
        curve.y.insert(curve.y.end(), {count, count});
    }
    curve.x.push_back(histogram.edges.back());
    curve.y.push_back(0.0);
    return curve;
}

} // namespace

Histogram histogramOf(const std::vector<double>& values) {
    const auto [lowest, highest] = std::minmax_element(values.begin(), values.end());
    const double low = *lowest, high = *highest;
    const auto bins = low == high ? std::size_t{1}
                                  : static_cast<std::size_t>(std::ceil(2.0 * std::cbrt(static_cast<double>(values.size()))));
    Histogram histogram;
    for (std::size_t i = 0; i <= bins; ++i)
        histogram.edges.push_back(low + (high - low) * static_cast<double>(i) / static_cast<double>(bins));
    histogram.counts.assign(bins, 0);
    for (double v : values) {
        const double position = high == low ? 0.0 : (v - low) / (high - low) * static_cast<double>(bins);
        ++histogram.counts[std::min(bins - 1, static_cast<std::size_t>(position))];
    }
    return histogram;
}

std::vector<PlotFigure> measureHistograms(const elab::Deck& base, const std::vector<PointOutcome>& outcomes,
                                          const std::vector<std::string>& names) {
    std::vector<PlotFigure> figures;
    for (const auto& name : names) {
        const bool known = std::any_of(base.measures.begin(), base.measures.end(),
                                       [&](const elab::MeasureSpec& spec) { return spec.name == name; });
        if (!known) throw PlotError("--plot-vectors meas:" + name + ": the netlist has no .meas named '" + name + "'");
        auto values = valuesOf(name, outcomes);
        if (values.empty()) throw PlotError("--plot-vectors meas:" + name + ": the measurement has no value at any point");
        figures.push_back(PlotFigure{base.title + ": " + name + " over " + std::to_string(values.size()) + " points",
                                     name, "points", false,
                                     {staircase(histogramOf(values), name)}});
    }
    return figures;
}

} // namespace cablespice::app
