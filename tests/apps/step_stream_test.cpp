// A stepped run's StepStream takes each point's --plot curves and --json entry as the point is
// written, then frees the point's deck and recorded plots (a large plant's deck is ~1.2 MB a
// point at 1e4 unknowns); only the CSV, written at the end, keeps the plots (and the first
// point's deck, which names its columns). The curves and entries are checked against the RC
// low-pass's closed form, |H| = 1 / sqrt(1 + (w R C)^2).
#include "apps/cablespice/plot_figures.hpp"
#include "apps/cablespice/plot_vectors.hpp"
#include "apps/cablespice/run_options.hpp"
#include "apps/cablespice/step_stream.hpp"
#include "apps/engine/stepped_runner.hpp"
#include "parser/elaborate/elaborator.hpp"
#include "parser/parse_netlist.hpp"

#include <catch2/catch.hpp>

#include <cmath>
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

struct SteppedRun {
    SourceManager sources;
    DiagnosticSink sink;
    ast::Netlist netlist;
    elab::Deck base;
    std::vector<app::PointOutcome> outcomes;
    std::ostringstream out, err;
    std::unique_ptr<DiagnosticPrinter> printer;
    std::unique_ptr<app::StepStream> stream;
};

std::unique_ptr<SteppedRun> runStepped(const app::RunOptions& options) {
    auto run = std::make_unique<SteppedRun>();
    run->netlist = parseNetlistText(run->sources, "lowpass.cir", kLowPass, run->sink);
    run->base = elab::elaborate(run->netlist, run->sink);
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

TEST_CASE("A stepped run with --csv keeps every point's plots and the first point's deck for the CSV", "[step][csv]") {
    auto options = optionsWith(2);
    options.csvFile = "unused.csv";
    auto run = runStepped(options);
    REQUIRE(run->outcomes.size() == 3);
    CHECK(run->outcomes[0].deck != nullptr);
    for (std::size_t p = 0; p < run->outcomes.size(); ++p) {
        INFO("point " << p);
        CHECK(run->outcomes[p].analyses.size() == 1);
        if (p > 0) CHECK(run->outcomes[p].deck == nullptr);
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
