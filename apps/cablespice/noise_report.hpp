#pragma once
#include "apps/engine/recorded_analysis.hpp"

#include <ostream>
#include <vector>

namespace cablespice::app {

// --noise-report: for each recorded .noise spectrum, the 20 Hz..20 kHz figures (output noise and
// equivalent input noise, unweighted and A-weighted, in V rms, dBu and dBV) and the
// signal-to-noise ratio of a signal at `referenceDbu` at the output.
void printNoiseReport(const std::vector<RecordedAnalysis>& analyses, double referenceDbu, std::ostream& out);

} // namespace cablespice::app
