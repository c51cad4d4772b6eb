#pragma once
#include "apps/cablespice/run_options.hpp"
#include "apps/engine/stepped_runner.hpp"

#include <string>
#include <vector>

namespace cablespice::app {

// CSV (one file per analysis with a column per stepped parameter) and JSON (of each point's entry
// in `jsonPoints`, made as it was written), written in point order once every point is done.
// (stdout and the rawfile stream out as points finish: step_stream.hpp.)
void writeSteppedOutputs(const elab::Deck& base, const std::vector<PointOutcome>& outcomes,
                         const std::vector<std::string>& jsonPoints, const RunOptions& options);

} // namespace cablespice::app
