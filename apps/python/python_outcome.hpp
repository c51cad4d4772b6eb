#pragma once
#include "apps/engine/stepped_runner.hpp"
#include "parser/source/source_manager.hpp"

#include <pybind11/pybind11.h>

namespace cablespice::python {

// One point's results as plain Python data (the pure-Python layer builds Analysis and Results
// from it): {"ok", "errors" (rendered diagnostics), "step" ({name: value}), "analyses" (one dict
// per recorded analysis: kind, plot, scale_name, scale, vectors {rawfile name: numpy array},
// complete), "measures" ({name: float, NaN when failed}), "measure_errors" ({name: reason})}.
pybind11::dict outcomeToPython(const app::PointOutcome& outcome, const SourceManager& sources);

// app::runPoints with the GIL released. Ctrl-C (SIGINT through Python's handler) stops the run:
// points not started yet are skipped, the ones running finish, and KeyboardInterrupt is raised.
void runInterruptibly(const ast::Netlist& netlist, const elab::Deck& base, app::EngineOptions options,
                      std::vector<app::PointOutcome>& outcomes);

} // namespace cablespice::python
