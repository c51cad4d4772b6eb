#pragma once
#include "apps/cablespice/plot_figures.hpp"
#include "apps/cablespice/run_options.hpp"
#include "apps/engine/stepped_runner.hpp"
#include "parser/source/diagnostic_printer.hpp"

#include <iosfwd>
#include <optional>
#include <vector>

namespace cablespice::app {

// --plot FILE.svg|png: draws the figures of the analysis vectors (plot_figures.hpp) and the
// meas:NAME histograms of --plot-vectors through gnuplot into FILE, or FILE.1.svg, FILE.2.svg,
// ... when several. Every image is rendered first and the files are then written atomically, so
// a failure leaves no plot file behind. Prints the reason and returns false on failure (gnuplot
// missing or failing, bad vectors).
bool writePlots(const elab::Deck& base, const std::vector<PointOutcome>& outcomes, const RunOptions& options,
                std::ostream& err);
// The same with the vectors' figures collected point by point (a stepped run, which frees its
// points as they are written): `vectorFigures` is null when vectorFiguresFor() gives none, and
// `outcomes` is read for the histograms' measurements only.
bool writePlots(const elab::Deck& base, PlotFigureCollector* vectorFigures, const std::vector<PointOutcome>& outcomes,
                const RunOptions& options, std::ostream& err);

// The collector of --plot's figures of analysis vectors (the --plot-vectors items but the
// meas:NAME histograms, or the default vectors without any), or nullopt when there is no --plot
// or it draws histograms only (which read nothing but the points' measurements).
std::optional<PlotFigureCollector> vectorFiguresFor(const elab::Deck& base, const RunOptions& options);

// The --plot error for a machine without gnuplot, or empty when gnuplot is on PATH (checked
// before the simulation runs so that a long run does not end in this error).
std::string missingGnuplotError();

} // namespace cablespice::app
