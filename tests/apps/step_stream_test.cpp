// A stepped run's StepStream takes each point's --csv rows, --plot curves and --json entry as the
// point is written, then frees the point's deck and recorded plots (a large plant's deck is
// ~1.4 MB a point at 1e4 unknowns). The curves and entries are checked against the RC
// low-pass's closed form, |H| = 1 / sqrt(1 + (w R C)^2).
#include "apps/cablespice/plot_figures.hpp"
#include "apps/cablespice/plot_vectors.hpp"
#include "apps/cablespice/run_options.hpp"
#include "apps/cablespice/step_stream.hpp"
#include "apps/engine/stepped_runner.hpp"
#include "tests/support/elaborated_netlist.hpp"
#include "tests/support/netlist_runner.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>
#include <numbers>
#include <regex>
#include <sstream>
#include <string>
#include <variant>

using namespace cablespice;
using Catch::Matchers::WithinRel;

namespace {

constexpr double kCapacitance = 1e-6;
const double kResistances[] = {1e3, 2e3, 4e3};

const char* kLowPass = R"(stepped RC low-pass
.param r=1k
V1 in 0 DC 0 AC 1
R1 in out {r}
C1 out 0 1u
.ac dec 5 10 10k
.plot ac vm(out)
.meas ac g100 find vm(out) at=100
.step param r list 1k 2k 4k
.end
)";

double lowPassGain(double resistance, double frequency) {
    const double wrc = 2 * std::numbers::pi * frequency * resistance * kCapacitance;
    return 1 / std::sqrt(1 + wrc * wrc);
}

struct SteppedRun : testing::ElaboratedNetlist {
    std::ostringstream out, err;
    std::unique_ptr<DiagnosticPrinter> printer;
    std::unique_ptr<app::StepStream> stream;
};

std::unique_ptr<SteppedRun> runStepped(const app::RunOptions& options) {
    auto run = testing::elaborateText<SteppedRun>("lowpass.cir", kLowPass);
    REQUIRE_FALSE(run->sink.hasErrors());
    run->printer = std::make_unique<DiagnosticPrinter>(run->sources);
    run->outcomes = app::pendingOutcomes(elab::stepPoints(run->base.steps));
    run->stream = std::make_unique<app::StepStream>(run->outcomes, run->base, options, *run->printer, run->out, run->err);
    app::runPoints(run->netlist, run->base, options, 1, run->outcomes, [&](std::size_t i) { run->stream->pointDone(i); });
    run->stream->finish();
    return run;
}

app::RunOptions optionsWith(int jobs) {
    app::RunOptions options;
    options.jobs = jobs;
    options.plotFile = "unused.svg";  // the stream collects; nothing here draws
    options.jsonFile = "unused.json";
    return options;
}

std::vector<std::vector<std::string>> readCsv(const std::filesystem::path& path) {
    std::ifstream file(path);
    std::vector<std::vector<std::string>> rows;
    for (std::string line; std::getline(file, line);) {
        std::vector<std::string> cells;
        std::stringstream cellsOf(line);
        for (std::string cell; std::getline(cellsOf, cell, ',');) cells.push_back(cell);
        rows.push_back(std::move(cells));
    }
    return rows;
}

std::size_t columnOf(const std::vector<std::string>& header, const std::string& name) {
    auto found = std::find(header.begin(), header.end(), name);
    REQUIRE(found != header.end());
    return static_cast<std::size_t>(found - header.begin());
}

} // namespace

TEST_CASE("A stepped run with --plot and --json frees each point once written and keeps its curves and entry",
          "[step][plot][json]") {
    const int jobs = GENERATE(1, 2);
    auto run = runStepped(optionsWith(jobs));
    REQUIRE(run->outcomes.size() == 3);
    for (const auto& outcome : run->outcomes) {
        CHECK(outcome.ok);
        CHECK(outcome.deck == nullptr);
        CHECK(outcome.analyses.empty());
        CHECK(outcome.measurements.size() == 1);  // what the statistics read stays
    }

    REQUIRE(run->stream->plotFigures() != nullptr);
    auto figures = run->stream->plotFigures()->figures();
    REQUIRE(figures.size() == 1);
    CHECK(figures[0].logX);
    const auto& curves = figures[0].curves;
    REQUIRE(curves.size() == 3);
    for (std::size_t p = 0; p < curves.size(); ++p) {
        INFO("point " << p << ": " << curves[p].title);
        CHECK(curves[p].title.find("vm(out)") != std::string::npos);
        REQUIRE(curves[p].x.size() == 16);
        for (std::size_t k = 0; k < curves[p].x.size(); ++k)
            CHECK_THAT(curves[p].y[k], WithinRel(lowPassGain(kResistances[p], curves[p].x[k]), 1e-9));
    }

    const auto& entries = run->stream->jsonPoints();
    REQUIRE(entries.size() == 3);
    static const std::regex measured(R"("g100": ([-+0-9.eE]+))");
    for (std::size_t p = 0; p < entries.size(); ++p) {
        INFO(entries[p]);
        std::smatch match;
        REQUIRE(std::regex_search(entries[p], match, measured));
        CHECK_THAT(std::stod(match[1].str()), WithinRel(lowPassGain(kResistances[p], 100), 1e-9));
        CHECK(entries[p].find("\"status\": \"ok\"") != std::string::npos);
    }
}

TEST_CASE("A stepped run with --csv frees each point too and writes its rows from the collected tables", "[step][csv]") {
    auto options = optionsWith(2);
    options.csvFile = testing::scratchDirectory() / "step_stream_lowpass.csv";
    auto run = runStepped(options);
    REQUIRE(run->outcomes.size() == 3);
    for (const auto& outcome : run->outcomes) {
        CHECK(outcome.deck == nullptr);
        CHECK(outcome.analyses.empty());
    }
    REQUIRE(run->stream->csvTables() != nullptr);
    run->stream->csvTables()->write(*options.csvFile);
    const auto rows = readCsv(*options.csvFile);
    REQUIRE(rows.size() == 1 + 3 * 16);
    const std::size_t frequency = columnOf(rows[0], "frequency");
    const std::size_t gain = columnOf(rows[0], "vdb(out)");
    for (std::size_t r = 1; r < rows.size(); ++r) {
        const std::size_t point = (r - 1) / 16;
        INFO("row " << r);
        CHECK_THAT(std::stod(rows[r][columnOf(rows[0], "r")]), WithinRel(kResistances[point], 1e-12));
        CHECK_THAT(std::stod(rows[r][gain]),
                   WithinRel(20 * std::log10(lowPassGain(kResistances[point], std::stod(rows[r][frequency]))), 1e-8));
    }
    // The figures were taken as the points were written, as without --csv.
    REQUIRE(run->stream->plotFigures() != nullptr);
    CHECK(run->stream->plotFigures()->figures().at(0).curves.size() == 3);
}

TEST_CASE("A --plot of only meas:NAME histograms collects no curves and frees every point", "[step][plot]") {
    auto options = optionsWith(1);
    options.jsonFile.reset();
    auto parsed = app::parsePlotVectors("meas:g100");
    REQUIRE(std::holds_alternative<std::vector<elab::OutputVector>>(parsed));
    options.plotVectors = std::get<std::vector<elab::OutputVector>>(parsed);
    auto run = runStepped(options);
    CHECK(run->stream->plotFigures() == nullptr);
    CHECK(run->stream->jsonPoints().empty());
    for (const auto& outcome : run->outcomes) {
        CHECK(outcome.deck == nullptr);
        CHECK(outcome.analyses.empty());
        CHECK(outcome.measurements.size() == 1);
    }
}

namespace {

// A coupled pair whose section count is stepped: each point's circuit has other internal nodes.
// At DC the capacitances are open and the shield (grounded at both ends) carries nothing, so
// conductor 1 is the 1 V source through 50 ohm, the leg's rleg * len = 5 ohm in n equal sections
// and 100 ohm: v(a) = 105/155, v(x) = 100/155, i(v1) = -1/155 A, and the node after section k,
// p1.sK.c1, is at (105 - 5 k / n) / 155 V; conductor 2 carries nothing.
const char* kSections = R"(sections
.param n=2
.model cab cable (type=pair rleg=0.05 rshield=0.02 ccc=50p ccs=100p z0=100)
v1 s 0 dc 1 ac 1
rs s a 50
rb b 0 {50+n}
p1 a b 0 0 x y 0 0 cab len=100 sections={n}
rx x 0 100
ry y 0 100
.step param n list 5 2 3
.op
.end
)";

double afterSection(int k, int n) { return (105.0 - 5.0 * k / n) / 155.0; }

} // namespace

// The columns come from the first point (5 sections); the later points have fewer internal nodes.
// Before, their rows read the first point's unknown numbers in their own solutions (-inf and
// -6413 dB at n = 2 in an .ac); now each point's vectors are found by name, and those it lacks
// are NaN, with a warning.
TEST_CASE("A stepped --csv reads each point at its own unknowns and leaves vectors it lacks NaN", "[step][csv]") {
    app::RunOptions options;
    options.csvFile = testing::scratchDirectory() / "sections_stepped.csv";
    auto run = testing::runText("sections.cir", kSections, options);
    INFO(run.err);
    REQUIRE(run.exitCode == 0);
    CHECK_THAT(run.err, Catch::Matchers::Contains("--csv: .step point n=2 has no v(p1.s2.c1)"));
    CHECK_THAT(run.err, Catch::Matchers::Contains("--csv: .step point n=3 has no v(p1.s3.c1)"));
    const auto rows = readCsv(*options.csvFile);
    REQUIRE(rows.size() == 4);  // header and one row a point
    const auto& header = rows[0];
    auto value = [&](std::size_t row, const std::string& vector) { return std::stod(rows[row][columnOf(header, vector)]); };
    const int sections[] = {5, 2, 3};
    for (std::size_t row = 1; row <= 3; ++row) {
        const int n = sections[row - 1];
        INFO("n = " << n);
        CHECK(value(row, "n") == n);
        CHECK_THAT(value(row, "v(a)"), WithinRel(105.0 / 155.0, 1e-9));
        CHECK_THAT(value(row, "v(x)"), WithinRel(100.0 / 155.0, 1e-9));
        CHECK_THAT(value(row, "i(v1)"), WithinRel(-1.0 / 155.0, 1e-9));
        CHECK(std::abs(value(row, "v(y)")) < 1e-12);
        // In every point, at another place along the line in each.
        CHECK_THAT(value(row, "v(p1.s1.c1)"), WithinRel(afterSection(1, n), 1e-9));
        if (n == 5) CHECK_THAT(value(row, "v(p1.s4.c1)"), WithinRel(afterSection(4, 5), 1e-9));
        else CHECK(rows[row][columnOf(header, "v(p1.s4.c1)")] == "nan");
    }
}

// Every node voltage of the first point (5 sections: s, a, b, x, y and 4 x 3 section nodes) is
// drawn; the 2- and 3-section points have 1 x 3 and 2 x 3 section nodes, so 9 and 6 of the
// figure's vectors are theirs to lack: those curves are left out, with a warning each.
TEST_CASE("A --plot of points whose circuits differ leaves out the curves a point lacks, with a warning", "[step][plot]") {
    std::string deck = kSections;
    deck.replace(deck.find(".op"), 3, ".ac lin 2 1k 1meg");
    auto run = testing::elaborateText("sections.cir", deck);
    REQUIRE_FALSE(run->sink.hasErrors());
    run->outcomes = app::runStepPoints(run->netlist, run->base, app::EngineOptions{});
    REQUIRE(run->outcomes.size() == 3);
    app::PlotFigureCollector collector(run->base, {});
    for (const auto& outcome : run->outcomes) collector.add(outcome);
    auto figures = collector.figures();
    REQUIRE(figures.size() == 1);
    CHECK(figures[0].curves.size() == 17 + 8 + 11);
    REQUIRE(collector.warnings().size() == 2);
    CHECK_THAT(collector.warnings()[0], Catch::Matchers::Contains(".step point n=2 has no v(p1.s2.c1) nor 8 other vector(s)"));
    CHECK_THAT(collector.warnings()[1], Catch::Matchers::Contains(".step point n=3 has no v(p1.s3.c1) nor 5 other vector(s)"));
}
