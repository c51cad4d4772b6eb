#pragma once
#include "apps/engine/stepped_runner.hpp"
#include "parser/elaborate/elaborator.hpp"
#include "parser/parse_netlist.hpp"

#include <memory>
#include <string>
#include <vector>

namespace cablespice::testing {

// A netlist text parsed and elaborated in memory: the base deck of a run, what the deck and its
// points point into (so it stays in one place, behind a pointer), and room for the points.
struct ElaboratedNetlist {
    SourceManager sources;
    DiagnosticSink sink;
    ast::Netlist netlist;
    elab::Deck base;
    std::vector<app::PointOutcome> outcomes;
};

// Parses `text` as the file `name` and elaborates it (diagnostics go to `sink`; an error in the
// netlist throws SourceError, as elaborate() does). `Run`: ElaboratedNetlist or a test's own
// struct derived from it, with what else the test keeps beside the deck.
template <class Run = ElaboratedNetlist>
std::unique_ptr<Run> elaborateText(const std::string& name, const std::string& text,
                                   const elab::ElaborationOptions& options = {}) {
    auto run = std::make_unique<Run>();
    run->netlist = parseNetlistText(run->sources, name, text, run->sink);
    run->base = elab::elaborate(run->netlist, run->sink, options);
    return run;
}

} // namespace cablespice::testing
