#pragma once
#include "apps/cablespice/run_options.hpp"

#include <iosfwd>

namespace cablespice::app {

class LoadedNetlist;

// Parse, elaborate and run every analysis of one netlist; prints results to `out` and
// diagnostics to `err`. Returns the process exit code. Never throws for bad input.
int runNetlist(const RunOptions& options, std::ostream& out, std::ostream& err);
// The same with the caller's (empty) LoadedNetlist, which holds the netlist, its circuit and its
// sources afterwards: the command line leaves it to the process's exit instead of freeing it.
int runNetlist(const RunOptions& options, std::ostream& out, std::ostream& err, LoadedNetlist& loaded);

} // namespace cablespice::app
