#pragma once
#include "apps/cablespice/plot_figure.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace cablespice::app {

enum class PlotFormat { Svg, Png };

// The format an output path asks for by its extension (.svg, .png; any case), if supported.
std::optional<PlotFormat> plotFormatFor(const std::filesystem::path& path);

// A self-contained gnuplot script (data inline as datablocks) that draws `figure` to stdout.
std::string gnuplotScript(const PlotFigure& figure, PlotFormat format);

} // namespace cablespice::app
