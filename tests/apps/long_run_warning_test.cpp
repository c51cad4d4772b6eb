#include "apps/engine/long_run_warning.hpp"
#include "parser/elaborate/elaborator.hpp"
#include "parser/parse_netlist.hpp"
#include "parser/source/source_manager.hpp"

#include <catch2/catch.hpp>

#include <optional>
#include <string>

using namespace cablespice;

namespace {

struct Checked {
    std::optional<Diagnostic> warning;
    std::string where;  // file:line:col of the warning
};

Checked check(const std::string& text) {
    SourceManager sources;
    DiagnosticSink sink;
    auto netlist = parseNetlistText(sources, "long.cir", text, sink);
    elab::Deck deck = elab::elaborate(netlist, sink);
    REQUIRE(deck.analyses.size() == 1);
    Checked checked{app::longTransientWarning(*deck.circuit, deck.analyses.front()), ""};
    if (checked.warning) {
        const auto loc = sources.lineCol(checked.warning->range.begin);
        checked.where = std::to_string(loc.line) + ":" + std::to_string(loc.column);
    }
    return checked;
}

} // namespace

TEST_CASE("A .tran of more than 1e8 time points is warned about at its card", "[app][tran]") {
    // TMAX = min(TSTEP, TSTOP/50) = 0.1 ns: 3 s / 0.1 ns = 3e10 points (3 s typed for 3 ns).
    auto checked = check("rc\nv1 in 0 1\nr1 in out 1k\nc1 out 0 1n\n.tran 0.1n 3\n.end\n");
    REQUIRE(checked.warning);
    CHECK(checked.warning->severity == Severity::Warning);
    CHECK(checked.warning->message.find("3e+10 time points") != std::string::npos);
    CHECK(checked.warning->message.find("TMAX") != std::string::npos);
    CHECK(checked.where == "5:1");
    CHECK_FALSE(check("rc\nv1 in 0 1\nr1 in out 1k\nc1 out 0 1n\n.tran 0.1n 3u\n.end\n").warning);
}

TEST_CASE("A transmission line's delay bounds the step in the long-run estimate", "[app][tran]") {
    // TMAX = 1 us would give 1e6 points; the 1 ns delay bounds the step: 1 s / 1 ns = 1e9.
    auto checked = check("line\nv1 in 0 1\nr1 in a 50\nt1 a 0 b 0 z0=50 td=1n\nr2 b 0 50\n.tran 1u 1\n.end\n");
    REQUIRE(checked.warning);
    CHECK(checked.warning->message.find("1e+09 time points") != std::string::npos);
    CHECK(checked.warning->message.find("transmission line") != std::string::npos);
}
