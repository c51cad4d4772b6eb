#pragma once
#include "apps/cablespice/plot_figure.hpp"
#include "apps/engine/stepped_runner.hpp"

#include <cstddef>
#include <exception>
#include <optional>
#include <string>
#include <vector>

namespace cablespice::app {

// The figures --plot draws: one per analysis with a scale (not .op), one curve per .step point
// and vector. Vectors: `requested` (--plot-vectors; each analysis takes those it has), else
// the first of these with vectors the analysis has: its .plot cards, its .print cards, for
// CMRR the cmrr curve, the .save list, every node voltage. Complex values plotted as Value are
// drawn in dB. Built point by point, so that a stepped run can free each point's deck and
// recorded plots once they are drawn from; the first point with an analysis chooses its vectors.
class PlotFigureCollector {
public:
    // `base` names the vectors of an outcome without a deck of its own (a run without .step)
    // and expands wildcards; it outlives the collector.
    PlotFigureCollector(const elab::Deck& base, const std::vector<elab::OutputVector>& requested);

    // The curves of one point; call for every point, in point order (a failed one adds nothing).
    // Reads the point's deck and plots during the call only.
    void add(const PointOutcome& outcome);

    // Throws PlotError when a requested vector exists in no analysis or nothing can be drawn,
    // and whatever add() met, here instead of there.
    std::vector<PlotFigure> figures();

    // A line a point that lacks some of the vectors its figure draws (its circuit differs from
    // the first point's, e.g. a line stepped to fewer sections): those curves are left out.
    const std::vector<std::string>& warnings() const { return warnings_; }

private:
    struct Plan {
        bool decided = false;                   // by the first point with the analysis
        std::vector<elab::OutputVector> vectors;
        std::optional<PlotFigure> figure;       // none: the analysis is not drawn
    };
    void decide(Plan& plan, const PointOutcome& first, std::size_t index, const elab::Deck& deck);
    void addCurves(Plan& plan, const PointOutcome& outcome, const RecordedAnalysis& analysis, const elab::Deck& deck);
    void markUsed(const elab::OutputVector& vector);

    const elab::Deck& base_;
    std::vector<elab::OutputVector> requested_;
    std::vector<bool> used_;                         // per requested vector: some analysis draws it
    std::vector<elab::OutputVector> drawn_;          // the requested vectors, wildcards expanded
    std::vector<std::size_t> requestedIndex_;        // per drawn vector, the requested one it comes from
    std::vector<Plan> plans_;                        // per analysis (recorded plot) index
    std::vector<std::string> warnings_;
    std::exception_ptr failure_;
};

} // namespace cablespice::app
