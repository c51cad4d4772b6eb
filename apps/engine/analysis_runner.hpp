#pragma once
#include "apps/engine/engine_options.hpp"
#include "parser/elaborate/deck.hpp"
#include "solver/support/diagnostic.hpp"
#include "solver/analysis/solution_observer.hpp"
#include "solver/support/outcome.hpp"

#include <iosfwd>
#include <vector>

namespace cablespice::solver {
class KeptFactorizations;
}

namespace cablespice::app {

// Runs one analysis, sending its solutions to `observer`; an .op also prints its report on `opOut`.
// With printStats, a transient, .ac or .cmrr also prints its step and factorization counts on `opOut`.
// threads: the cores this analysis may use; AC and CMRR frequencies run on all of them, a
// transient's solves on at most two (solver::TransientOptions::solveThreads).
// kept: the pivot orders a run's points share (stepped_runner.cpp); the operating point and .ac
// of a linear circuit refactor on them.
solver::Outcome<solver::Done> runAnalysis(elab::Deck& deck, const solver::AnalysisSpec& analysis,
                                          solver::SolutionObserver& observer, std::ostream& opOut,
                                          bool printStats = false, int threads = 1,
                                          solver::KeptFactorizations* kept = nullptr);

// Structural problems before any solve (floating nodes, voltage loops) that make the DC matrix
// singular, named at their elements; empty when the deck's analyses need no operating point.
std::vector<Diagnostic> topologyProblems(const elab::Deck& deck);

// The analysis as a run with these options performs it: with recordNoiseContributions (the
// CLI's --json) a .noise also records each element's noise (onoise_NAME, onoise_total_NAME)
// even without .options noisecontrib (printed tables and files still leave them out then); so
// does a deck whose .meas noise names an element's noise.
solver::AnalysisSpec analysisAsRun(const solver::AnalysisSpec& analysis, const EngineOptions& options,
                                   const elab::Deck& deck);

} // namespace cablespice::app
