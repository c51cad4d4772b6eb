#pragma once
#include "apps/cablespice/run_options.hpp"
#include "apps/engine/stepped_runner.hpp"
#include "parser/source/diagnostic_printer.hpp"

#include <iosfwd>
#include <vector>

namespace cablespice::app {

// --plot FILE.svg|png: draws the figures of buildPlotFigures through gnuplot into FILE, or
// FILE.1.svg, FILE.2.svg, ... when several analyses are drawn. Every image is rendered first
// and the files are then written atomically, so a failure leaves no plot file behind.
// Prints the reason and returns false on failure (gnuplot missing or failing, bad vectors).
bool writePlots(const elab::Deck& base, const std::vector<PointOutcome>& outcomes, const RunOptions& options,
                std::ostream& err);

// The --plot error for a machine without gnuplot, or empty when gnuplot is on PATH (checked
// before the simulation runs so that a long run does not end in this error).
std::string missingGnuplotError();

} // namespace cablespice::app
