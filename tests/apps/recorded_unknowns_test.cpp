// Recorded solutions keep only what a run's outputs read when the deck has a .save list
// (recordedUnknowns, RecordingObserver): a stepped run of a large circuit keeps a few columns a
// point instead of every unknown, and every output still finds what it reads.
#include "apps/engine/recorded_analysis.hpp"
#include "apps/engine/recorded_unknowns.hpp"
#include "apps/engine/stepped_runner.hpp"
#include "parser/elaborate/elaborator.hpp"
#include "parser/parse_netlist.hpp"
#include "tests/support/netlist_runner.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <complex>
#include <fstream>
#include <sstream>

using namespace cablespice;
using Catch::Matchers::Contains;
using Catch::Matchers::WithinRel;

namespace {

struct Elaborated {
    SourceManager sources;
    DiagnosticSink sink;
    ast::Netlist netlist;
    elab::Deck deck;
};

std::unique_ptr<Elaborated> elaborated(const std::string& text) {
    auto result = std::make_unique<Elaborated>();
    result->netlist = parseNetlistText(result->sources, "recorded.cir", text, result->sink);
    result->deck = elab::elaborate(result->netlist, result->sink);
    REQUIRE_FALSE(result->sink.hasErrors());
    return result;
}

solver::Unknown node(const elab::Deck& deck, const std::string& name) {
    auto unknown = deck.circuit->nodes().findNode(name);
    REQUIRE(unknown);
    return *unknown;
}

// Captures what a replay sends.
struct Capture final : solver::SolutionObserver {
    std::vector<std::vector<double>> rows;
    void begin(const solver::AnalysisInfo&) override {}
    void realPoint(double, std::span<const double> x) override { rows.emplace_back(x.begin(), x.end()); }
    void complexPoint(double, std::span<const std::complex<double>>) override {}
    void end(bool) override {}
};

solver::AnalysisInfo transientInfo() {
    solver::AnalysisInfo info{"Transient Analysis", "time", solver::VectorType::Time, false, {}};
    info.expectedPoints = 2;
    return info;
}

// A divider chain in -R1- mid -R2- out -R3- 0 driven by 9 V: v(mid) = 9 (R2+R3)/(R1+R2+R3),
// v(out) = 9 R3/(R1+R2+R3); R4 and R5 divide in into a node nobody reads.
const char* kChain = R"(divider chain
.param r3=1k
V1 in 0 DC 9
R1 in mid 1k
R2 mid out 1k
R3 out 0 {r3}
R4 in spare 1k
R5 spare 0 1k
.save v(out)
.meas tran vmid find v(mid) at=0.5m
.meas tran iout find i(R2) at=0.5m
.tran 0.1m 1m
.step param r3 list 1k 2k
.end
)";

} // namespace

TEST_CASE("A recording with kept unknowns stores only those and replays the rest as NaN", "[recorded]") {
    std::vector<app::RecordedAnalysis> analyses;
    app::RecordingObserver recorder(analyses, std::vector<solver::Unknown>{0, 2, 4});
    recorder.begin(transientInfo());
    const std::vector<double> first{0.0, 1.0, 2.0, 3.0, 4.0}, second{0.0, 10.0, 20.0, 30.0, 40.0};
    recorder.realPoint(0.0, first);
    recorder.realPoint(1.0, second);
    recorder.end(true);
    const auto& analysis = analyses.at(0);
    CHECK(analysis.width == 3);
    CHECK(analysis.real.size() == 6);
    CHECK(analysis.holds(2));
    CHECK(analysis.holds(4));
    CHECK_FALSE(analysis.holds(1));
    CHECK_FALSE(analysis.holds(5));
    CHECK(analysis.value(0, 2).real() == 2.0);
    CHECK(analysis.value(1, 4).real() == 40.0);
    CHECK_THROWS_AS(analysis.value(0, 3), std::logic_error);

    Capture capture;
    app::RecordingObserver::replay(analysis, capture);
    REQUIRE(capture.rows.size() == 2);
    REQUIRE(capture.rows[1].size() == 5);
    CHECK(capture.rows[1][0] == 0.0);
    CHECK(std::isnan(capture.rows[1][1]));
    CHECK(capture.rows[1][2] == 20.0);
    CHECK(std::isnan(capture.rows[1][3]));
    CHECK(capture.rows[1][4] == 40.0);
}

TEST_CASE("A plot of its own vectors is recorded whole whatever unknowns are kept", "[recorded]") {
    std::vector<app::RecordedAnalysis> analyses;
    app::RecordingObserver recorder(analyses, std::vector<solver::Unknown>{0});
    solver::AnalysisInfo info{"CMRR Analysis", "frequency", solver::VectorType::Frequency, false, {}};
    info.ownVectors = {{"a", solver::VectorType::Other}, {"b", solver::VectorType::Other}};
    recorder.begin(info);
    const std::vector<double> row{5.0, 6.0};
    recorder.realPoint(1.0, row);
    recorder.end(true);
    CHECK(analyses.at(0).width == 2);
    CHECK(analyses.at(0).value(0, 1).real() == 6.0);
}

TEST_CASE("The recorded unknowns are what .save, .print, .meas and the plotted vectors read", "[recorded]") {
    auto run = elaborated(R"(chain
V1 in 0 DC 9
R1 in mid 1k
R2 mid out 1k
R3 out 0 1k
R4 mid spare 1k
R5 spare 0 1k
R6 in far 1k
R7 far 0 1k
.save v(out)
.print tran i(R1)
.meas tran top max v(spare)
.four 1k v(far,spare)
.tran 0.1m 1m
.end
)");
    const auto& deck = run->deck;
    auto kept = app::recordedUnknowns(deck);
    REQUIRE(kept);
    // i(R1) reads its terminals; v(far,spare) both nodes; ground is always kept.
    std::vector<solver::Unknown> expected{0, node(deck, "out"), node(deck, "in"), node(deck, "mid"), node(deck, "spare"),
                                          node(deck, "far")};
    std::sort(expected.begin(), expected.end());
    CHECK(*kept == expected);

    // A vector to plot adds its unknowns; one that names no node reads nothing.
    std::vector<elab::OutputVector> plotted{{elab::OutputQuantity::Voltage, elab::OutputPart::Value, "nowhere", {}, "v(nowhere)"}};
    CHECK(app::recordedUnknowns(deck, plotted) == kept);
    // A wildcard reads every unknown.
    plotted.push_back({elab::OutputQuantity::Voltage, elab::OutputPart::Value, "*", {}, "v(*)"});
    CHECK_FALSE(app::recordedUnknowns(deck, plotted));
}

TEST_CASE("Without .save every unknown is recorded", "[recorded]") {
    auto run = elaborated("divider\nV1 in 0 DC 1\nR1 in out 1k\nR2 out 0 1k\n.meas tran v find v(out) at=0\n.tran 1m 2m\n.end\n");
    CHECK_FALSE(app::recordedUnknowns(run->deck));
}

TEST_CASE("Stepped points keep the saved and measured unknowns only, and measure from them", "[recorded][step]") {
    auto run = elaborated(kChain);
    app::RunOptions options;
    options.jobs = 2;
    auto outcomes = app::runStepPoints(run->netlist, run->deck, options);
    REQUIRE(outcomes.size() == 2);
    const double r3s[] = {1e3, 2e3};
    for (std::size_t k = 0; k < 2; ++k) {
        const auto& outcome = outcomes[k];
        REQUIRE(outcome.ok);
        const auto& analysis = outcome.analyses.at(0);
        // ground, out, and mid and i(R2)'s terminals (mid, out): three of the six unknowns
        // (in, mid, out, spare, V1's branch current and ground).
        CHECK(analysis.width == 3);
        const double r3 = r3s[k], total = 2e3 + r3;
        CHECK_THAT(analysis.value(analysis.points() - 1, static_cast<std::size_t>(node(*outcome.deck, "out"))).real(),
                   WithinRel(9.0 * r3 / total, 1e-9));
        REQUIRE(outcome.measurements.size() == 2);
        REQUIRE(outcome.measurements[0].value);
        CHECK_THAT(*outcome.measurements[0].value, WithinRel(9.0 * (1e3 + r3) / total, 1e-9));
        REQUIRE(outcome.measurements[1].value);
        CHECK_THAT(*outcome.measurements[1].value, WithinRel(9.0 / total, 1e-9));
    }
}

TEST_CASE("A stepped run writes its saved vectors and prints from the kept columns", "[recorded][step]") {
    // The CSV has v(out) of each point; .print reads mid, which is kept for it.
    std::string deck = kChain;
    deck.insert(deck.find(".tran"), ".print tran v(mid)\n");
    app::RunOptions options;
    options.jobs = 2;
    options.csvFile = testing::scratchDirectory() / "recorded_chain.csv";
    auto result = testing::runText("recorded_chain.cir", deck, options);
    REQUIRE(result.exitCode == 0);
    CHECK_THAT(result.out, Contains("vmid = 6 r3=1000"));
    CHECK_THAT(result.out, Contains("vmid = 6.75 r3=2000"));
    CHECK(result.out.find("nan") == std::string::npos);
    std::ifstream csv(*options.csvFile);
    std::stringstream text;
    text << csv.rdbuf();
    CHECK_THAT(text.str(), Contains("v(out)"));
    CHECK(text.str().find("nan") == std::string::npos);
    CHECK(text.str().find("4.5") != std::string::npos);  // r3 = 1k: v(out) = 9 * 1/3 ... of 2k: 4.5
}
