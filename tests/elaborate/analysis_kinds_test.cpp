// The one table of analysis kinds: its words are the user-visible names (issue 18's Python API,
// the .print/.meas words), and each row's plot name is the plot its analysis records.
#include "apps/engine/analysis_runner.hpp"
#include "apps/engine/recorded_analysis.hpp"
#include "parser/elaborate/analysis_kinds.hpp"
#include "parser/elaborate/elaborator.hpp"
#include "parser/parse_netlist.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace cablespice;

TEST_CASE("analysis kinds: the names the Python module, .print and the cards use", "[elab][analysis]") {
    std::vector<std::string> names, selectable;
    for (const auto& kind : elab::kAnalysisKinds) {
        names.emplace_back(kind.name);
        if (kind.selectable) selectable.emplace_back(kind.word);
        std::string card(1, '.');
        CHECK(elab::analysisOfCard(card.append(kind.word)) == kind.print);
    }
    // Issue 18: Analysis.kind is "op", "dc", "ac", "tran", "cmrr", later ones too.
    CHECK(names == std::vector<std::string>{"op", "dc", "ac", "tran", "cmrr", "noise", "sens", "sens_cmrr"});
    CHECK(selectable == std::vector<std::string>{"op", "dc", "ac", "tran", "cmrr", "noise"});
    CHECK(elab::analysisNamed("tran") == elab::PrintAnalysis::Tran);
    CHECK_FALSE(elab::analysisNamed("sens"));  // .print sens v(a) is not a selection
    CHECK_FALSE(elab::analysisOfCard("tran"));
    CHECK_FALSE(elab::analysisOfCard(".step"));
    CHECK(elab::analysisCard(elab::PrintAnalysis::Ac) == ".ac");
}

TEST_CASE("analysis kinds: each kind's plot name is the plot its analysis records", "[elab][analysis]") {
    const std::string text = R"(every analysis
* a balanced source (differential Vdm, common-mode Vcm) into a receiver with an RC input
Vdm d 0 AC 1
Ep p gs d 0 0.5
Rp p ip 50
Cp ip 0 1n
Vcm gs 0 AC 1
En gs n d 0 0.5
Rn n in 60
Cn in 0 1.1n
Rdiff ip in 40k
Rcm in 0 20k
Erx out 0 ip in 1
.options deftol=0.01
.op
.dc vdm 0 1 0.5
.ac lin 2 60 600
.tran 1m 2m
.cmrr v(out) vdm vcm ac dec 1 60 600
.noise v(out) vdm dec 1 60 600
.sens v(out)
.sens cmrr at=60
.end
)";
    SourceManager sources;
    DiagnosticSink sink;
    auto netlist = parseNetlistText(sources, "kinds.cir", text, sink);
    elab::Deck deck = elab::elaborate(netlist, sink);
    std::set<std::size_t> kinds;
    for (const auto& analysis : deck.analyses) {
        std::vector<app::RecordedAnalysis> plots;
        app::RecordingObserver recorder(plots);
        std::ostringstream report;
        REQUIRE(app::runAnalysis(deck, analysis, recorder, report));
        REQUIRE_FALSE(plots.empty());
        INFO(plots.front().info.plotName);
        CHECK(plots.front().info.plotName == elab::analysisKind(analysis).plotName);
        kinds.insert(analysis.kind.index());
    }
    CHECK(kinds.size() == elab::kAnalysisKinds.size());  // every row was checked
}
