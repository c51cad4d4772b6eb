#pragma once
#include "apps/cablespice/plot_figure.hpp"
#include "apps/engine/stepped_runner.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace cablespice::app {

// The distribution of one .meas over the points of a stepped run (--plot-vectors meas:NAME).
struct Histogram {
    std::vector<double> edges;         // bins + 1 edges, equal widths from min to max
    std::vector<std::size_t> counts;  // the last bin includes its upper edge
};

// Rice's rule, ceil(2 n^(1/3)) bins (26 for 2000 values), over [min, max]; one bin when all
// values are equal. `values` must not be empty.
Histogram histogramOf(const std::vector<double>& values);

// The prefix of --plot-vectors items that name a measurement: "meas:c60".
inline constexpr std::string_view kMeasurePlotPrefix = "meas:";

// One figure per name: the histogram drawn as a staircase (count over the measured value).
// Throws PlotError for a name that is no .meas of the deck or has no value at any point.
std::vector<PlotFigure> measureHistograms(const elab::Deck& base, const std::vector<PointOutcome>& outcomes,
                                          const std::vector<std::string>& names);

} // namespace cablespice::app
