#pragma once
#include "apps/cablespice/run_options.hpp"
#include "apps/cablespice/stepped_runner.hpp"

#include <iosfwd>
#include <vector>

namespace cablespice::app {

// Rawfile (one plot per analysis and point, titled with the point's values), CSV (one file
// per analysis with a column per stepped parameter) and JSON, written in point order.
void writeSteppedOutputs(const elab::Deck& base, const std::vector<PointOutcome>& outcomes, const RunOptions& options,
                         std::ostream& out);

} // namespace cablespice::app
