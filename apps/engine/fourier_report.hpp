#pragma once
#include "apps/engine/recorded_analysis.hpp"
#include "parser/elaborate/deck.hpp"
#include "solver/support/diagnostic.hpp"
#include "solver/analysis/fourier.hpp"

#include <iosfwd>
#include <string>
#include <vector>

namespace cablespice::app {

// The Fourier table of one vector of a .four card.
struct FourierReport {
    std::string vector;  // as written, e.g. "v(out)"
    double fundamental = 0.0;
    solver::FourierResult result;
};

// Every .four vector over the first recorded transient: ngspice's window (the last period
// before the last time point, 200 points, linear interpolation). A vector that cannot be
// analysed (transient shorter than one period) becomes an error diagnostic at its card.
std::vector<FourierReport> evaluateFourier(const elab::Deck& deck, const std::vector<RecordedAnalysis>& analyses,
                                           std::vector<Diagnostic>& errors);

// ngspice's table: "Fourier analysis for v(out):", "  No. Harmonics: ..., THD: ... %, ...",
// then harmonic, frequency, magnitude, phase, normalized magnitude and phase per row.
void printFourier(const std::vector<FourierReport>& reports, std::ostream& out);

} // namespace cablespice::app
