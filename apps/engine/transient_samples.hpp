#pragma once
#include "apps/engine/recorded_analysis.hpp"
#include "parser/elaborate/output_request.hpp"

#include <vector>

namespace cablespice::app {

// The first recorded transient (what .four and .wave analyse), or null.
const RecordedAnalysis* firstTransient(const std::vector<RecordedAnalysis>& analyses);

// A resolved vector's values at every recorded point: v(a), v(a,b) or i(vname).
std::vector<double> vectorSamples(const RecordedAnalysis& analysis, const elab::OutputVector& vector);

} // namespace cablespice::app
