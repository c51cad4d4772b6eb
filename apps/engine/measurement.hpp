#pragma once
#include "apps/engine/recorded_analysis.hpp"
#include "parser/elaborate/deck.hpp"
#include "solver/support/source_range.hpp"

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace cablespice::app {

// The outcome of one .meas card: a value, or nothing and why.
struct MeasureResult {
    std::string name;
    std::optional<double> value;
    std::string failureReason;  // empty when value is set
    SourceRange origin;
    std::optional<bool> passed = std::nullopt;  // PASS= held; unset without PASS= (false when the value failed)
};

// Evaluates deck.measures in order over the recorded analyses, which are the plots of
// deck.analyses in order (analysisIndexOfPlot). Each measurement uses the first plot of an
// analysis card of its kind (.meas ac: the first .ac; .meas cmrr by the vector names adm, acm
// and cmrr; .meas noise: the first spectrum by its vector names, where INTEG is the rms noise
// over a band, and FIND onoise_total the Integrated Noise plot after it); PARAM= sees earlier
// results and the captured .param values.
// Never throws for bad data: unknown names, conditions never met, missing analyses give a
// failed result with a reason.
std::vector<MeasureResult> evaluateMeasures(const elab::Deck& deck, const std::vector<RecordedAnalysis>& analyses);

// Whether a .meas noise names an element's noise (onoise_NAME, onoise_total_NAME, ...): the
// .noise analyses then record them even without .options noisecontrib.
bool measuresElementNoise(const elab::Deck& deck);

// One line per measurement: "NAME = VALUE[ SUFFIX]" (9 significant digits) or
// "NAME = failed[ SUFFIX]: REASON". `stepSuffix` is e.g. "dr=10" (empty: none).
void printMeasures(const std::vector<MeasureResult>& results, const std::string& stepSuffix, std::ostream& out);

} // namespace cablespice::app
