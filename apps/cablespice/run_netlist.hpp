#pragma once
#include "apps/cablespice/run_options.hpp"

#include <iosfwd>

namespace cablespice::app {

// Parse, elaborate and run every analysis of one netlist; prints results to `out` and
// diagnostics to `err`. Returns the process exit code. Never throws for bad input.
int runNetlist(const RunOptions& options, std::ostream& out, std::ostream& err);

} // namespace cablespice::app
