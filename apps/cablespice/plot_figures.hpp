#pragma once
#include "apps/cablespice/plot_figure.hpp"
#include "apps/engine/stepped_runner.hpp"

#include <vector>

namespace cablespice::app {

// The figures --plot draws: one per analysis with a scale (not .op), one curve per .step point
// and vector. Vectors: `requested` (--plot-vectors; each analysis takes those it has), else
// the first of these with vectors the analysis has: its .plot cards, its .print cards, for
// CMRR the cmrr curve, the .save list, every node voltage. Complex values plotted as Value are drawn in dB.
// `base` names the vectors when an outcome has no deck of its own (a run without .step).
// Throws PlotError when a requested vector exists in no analysis or nothing can be drawn.
std::vector<PlotFigure> buildPlotFigures(const elab::Deck& base, const std::vector<PointOutcome>& outcomes,
                                         const std::vector<elab::OutputVector>& requested);

} // namespace cablespice::app
