#include "apps/engine/stepped_runner.hpp"
#include "parser/parse_netlist.hpp"
#include "tests/support/netlist_runner.hpp"
#include "tests/support/elaborated_netlist.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <fmt/format.h>
#include <sstream>
#include <fstream>

using namespace cablespice;
using namespace cablespice::testing;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

// Single-instance version of the shared case B1: 50 ohm / 50+dr ohm legs into 20k per leg.
const char* kStepB1 = R"(B1 stepped
.param dr=0
Vcm gs 0 AC 1
Rsp gs p 50
Rsn gs n {50+dr}
Rcp p 0 20k
Rcn n 0 20k
E1 out 0 p n 1
.step param dr list 0 1 10 100 600
.ac lin 1 60 60
.end
)";

double bridgeLaw(double dr) {
    const double zcm = 20e3, zp = 50.0, zn = 50.0 + dr;
    return zcm * dr / ((zcm + zp) * (zcm + zn));
}

std::unique_ptr<testing::ElaboratedNetlist> runSteps(const std::string& text, int jobs) {
    auto run = testing::elaborateText("step.cir", text);
    app::RunOptions options;
    options.jobs = jobs;
    run->outcomes = app::runStepPoints(run->netlist, run->base, options);
    return run;
}

double magnitudeAt(const app::PointOutcome& outcome, const std::string& node) {
    auto unknown = outcome.deck->circuit->nodes().findNode(node);
    REQUIRE(unknown);
    return std::abs(outcome.analyses.at(0).value(0, static_cast<std::size_t>(*unknown)));
}

} // namespace

TEST_CASE("A stepped B1 reproduces the bridge law at every imbalance", "[step]") {
    auto run = runSteps(kStepB1, 2);
    REQUIRE(run->outcomes.size() == 5);
    const double imbalances[] = {0, 1, 10, 100, 600};
    for (std::size_t i = 0; i < 5; ++i) {
        INFO("dr = " << imbalances[i]);
        REQUIRE(run->outcomes[i].ok);
        CHECK(run->outcomes[i].point.label() == "dr=" + std::to_string(static_cast<int>(imbalances[i])));
        CHECK_THAT(magnitudeAt(run->outcomes[i], "out"), WithinAbs(bridgeLaw(imbalances[i]), 1e-15));
    }
    // -66.0683 dB at 10 ohm, as the shared case states.
    CHECK_THAT(20 * std::log10(magnitudeAt(run->outcomes[2], "out")), WithinAbs(-66.0683, 0.01));
}

TEST_CASE("Stepping gives the same numbers as -D for the same point", "[step]") {
    app::RunOptions options;
    options.overrides.push_back({"dr", "10"});
    std::string single = kStepB1;
    single.replace(single.find(".step"), single.find(".ac") - single.find(".step"), ".print ac vm(out)\n");
    auto result = runText("b1_define.cir", single, options);
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    std::istringstream lines(result.out);
    std::string line, last;
    while (std::getline(lines, line))
        if (!line.empty()) last = line;
    double printed = std::stod(last.substr(last.rfind('\t') == std::string::npos ? last.rfind(' ') : last.rfind('\t')));
    CHECK_THAT(printed, WithinRel(bridgeLaw(10.0), 1e-8));
}

TEST_CASE("A stepped parameter set with -D keeps that value: its .step is dropped with a warning, other steps still run", "[step]") {
    app::RunOptions options;
    options.overrides.push_back({"dr", "10"});
    std::string nested = kStepB1;
    nested.replace(nested.find("Rcp p 0 20k"), 11, "Rcp p 0 {rc}");
    nested.replace(nested.find(".param dr=0"), 11, ".param dr=0 rc=20k");
    nested.insert(nested.find(".ac"), ".step param rc list 20k 40k\n.meas ac vout FIND vm(out) AT=60\n");
    auto result = runText("b1_define_step.cir", nested, options);
    INFO(result.err);
    INFO(result.out);
    REQUIRE(result.exitCode == 0);
    CHECK(result.err.find("b1_define_step.cir:9:1: warning: this .step is ignored: -D dr=10 sets 'dr' for the whole "
                          "run") != std::string::npos);
    // Two points (rc), both at dr = 10: |v(out)| = |vp - vn| of the two dividers from 1 V.
    for (double rc : {20e3, 40e3}) {
        const double vp = rc / (rc + 50.0), vn = 20e3 / (20e3 + 60.0);
        const std::string label = rc == 20e3 ? "rc=20000" : "rc=40000";
        const auto block = result.out.find("--- step " + label + " ---");
        REQUIRE(block != std::string::npos);
        const auto line = result.out.find("vout = ", block);
        REQUIRE(line != std::string::npos);
        const std::string text = result.out.substr(line, result.out.find('\n', line) - line);
        CHECK(text.ends_with(" " + label));
        CHECK_THAT(std::stod(text.substr(7)), WithinRel(std::abs(vp - vn), 1e-6));
    }
    CHECK(result.out.find("dr=") == std::string::npos);
}

TEST_CASE("A second .step of the same name is an error at its name, with a note at the first", "[step]") {
    struct Case {
        const char* second;
        const char* message;
    };
    // Line 9 is kStepB1's `.step param dr list ...`; the second card goes on line 10.
    const Case cases[] = {
        {".step param dr 1 2 1\n", "step_twice.cir:10:13: error: .step: parameter 'dr' is already stepped by an earlier .step"},
        {".step param DR list 5\n", "step_twice.cir:10:13: error: .step: parameter 'dr' is already stepped by an earlier .step"},
        {".step dec param dr 1 100 2\n", "step_twice.cir:10:17: error: .step: parameter 'dr' is already stepped by an earlier .step"},
    };
    for (const auto& c : cases) {
        std::string twice = kStepB1;
        twice.insert(twice.find(".ac"), c.second);
        auto result = runText("step_twice.cir", twice);
        INFO(result.err);
        CHECK(result.exitCode == 1);
        CHECK(result.err.find(c.message) != std::string::npos);
        CHECK(result.err.find("step_twice.cir:9:1: note: 'dr' first stepped here") != std::string::npos);
        CHECK(result.out.find("--- step") == std::string::npos);
    }
    SECTION("an element or model parameter stepped twice too; different names are not") {
        std::string elements = kStepB1;
        elements.insert(elements.find(".ac"), ".step Rcp list 1k 2k\n.step rcn list 1k 2k\n.step rcp 1k 3k 1k\n");
        auto result = runText("step_element_twice.cir", elements);
        INFO(result.err);
        CHECK(result.exitCode == 1);
        CHECK(result.err.find("step_element_twice.cir:12:7: error: .step: element 'rcp' is already stepped by an earlier "
                              ".step") != std::string::npos);
        CHECK(result.err.find("step_element_twice.cir:10:1: note: 'rcp' first stepped here") != std::string::npos);
        CHECK(result.err.find("'rcn'") == std::string::npos);
    }
}

TEST_CASE("Step points share the base circuit's symbolic analysis", "[step]") {
    auto run = runSteps(kStepB1, 1);
    // The dynamic family's; a linear .ac needs no operating point, so the DC family's is not made.
    CHECK(run->base.circuit->symbolicAnalyses() == 1);
    for (const auto& outcome : run->outcomes) {
        REQUIRE(outcome.deck);
        CHECK(outcome.deck->circuit->symbolicAnalyses() == 0);
        CHECK(&outcome.deck->circuit->symbolic() == &run->base.circuit->symbolic());
        CHECK(&outcome.deck->circuit->dcSymbolic() == &run->base.circuit->dcSymbolic());
    }
    // Asked for (above), the DC family's is made once, by the base, and shared.
    CHECK(run->base.circuit->symbolicAnalyses() == 2);
    for (const auto& outcome : run->outcomes) CHECK(outcome.deck->circuit->symbolicAnalyses() == 0);
}

TEST_CASE("Nested steps run in deterministic order with any number of jobs", "[step]") {
    std::string text = "nested\n.param a=1 b=1\nV1 in 0 {a}\nR1 in out 1k\nR2 out 0 {b*1k}\n"
                       ".step param a list 1 2 3\n.step param b 1 4 1\n.op\n.end\n";
    auto serial = runSteps(text, 1);
    auto parallel = runSteps(text, 2);
    REQUIRE(serial->outcomes.size() == 12);
    REQUIRE(parallel->outcomes.size() == 12);
    for (std::size_t i = 0; i < 12; ++i) {
        double a = 1.0 + static_cast<double>(i / 4), b = 1.0 + static_cast<double>(i % 4);
        CHECK(serial->outcomes[i].point.label() == parallel->outcomes[i].point.label());
        CHECK(serial->outcomes[i].opText == parallel->outcomes[i].opText);
        CHECK(serial->outcomes[i].opText.find(fmt::format("v(out) = {:.9g}", a * b / (1 + b))) != std::string::npos);
    }
}

TEST_CASE("Stepping an element value changes that element", "[step]") {
    auto run = runSteps("elem\nV1 in 0 1\nR1 in out 1k\nR2 out 0 1k\n.step R2 list 1k 3k\n.op\n.end\n", 2);
    REQUIRE(run->outcomes.size() == 2);
    CHECK(run->outcomes[0].opText.find("v(out) = 0.5\n") != std::string::npos);
    CHECK(run->outcomes[1].opText.find("v(out) = 0.75\n") != std::string::npos);
}

TEST_CASE("A failing step point reports its error and the others complete", "[step]") {
    // At r = 0 the inductor L9 is invalid; the other points still run.
    auto result = runText("step_fail.cir", "fail\n.param r=1k\nV1 in 0 1\nR1 in mid 1k\nR2 mid 0 {r}\nL9 x 0 {r}\n"
                                            ".step param r list 1k 0 3k\n.op\n.end\n");
    INFO(result.err);
    CHECK(result.exitCode == 1);
    CHECK(result.out.find("--- step r=1000 ---\nv(in) = 1\nv(mid) = 0.5\n") != std::string::npos);
    CHECK(result.out.find("--- step r=3000 ---\nv(in) = 1\nv(mid) = 0.75\n") != std::string::npos);
    CHECK(result.err.find("must be positive") != std::string::npos);
    CHECK(result.err.find("note: at .step point r=0") != std::string::npos);
}

TEST_CASE("A stepped .tran of more than 1e8 time points is warned about once, at its card", "[step][tran]") {
    // 3 s in steps of at most TMAX = 0.1 ns: 3e10 points. Every point then fails at elaboration
    // (an inductance r = 0), so nothing runs long; the warning comes from the base deck, once
    // for two points.
    auto result = runText("step_long.cir", "long\n.param r=1k\nV1 in 0 1\nR1 in out 1k\nC1 out 0 1n\nL9 out 0 {r}\n"
                                           ".step param r list 0 0\n.tran 0.1n 3\n.end\n");
    INFO(result.err);
    CHECK(result.exitCode == 1);
    const std::string warning = "step_long.cir:8:1: warning: .tran needs at least 3e+10 time points";
    const auto first = result.err.find(warning);
    CHECK(first != std::string::npos);
    CHECK(result.err.find(warning, first + 1) == std::string::npos);
    CHECK(result.err.find("must be positive") != std::string::npos);
}

TEST_CASE("Stepped CSV output has a column per stepped parameter", "[step]") {
    app::RunOptions options;
    auto csvPath = scratchDirectory() / "step.csv";
    options.csvFile = csvPath;
    auto result = runText("step_csv.cir", kStepB1, options);
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    std::ifstream csv(csvPath);
    std::string header;
    std::getline(csv, header);
    CHECK(header.rfind("dr,frequency,", 0) == 0);
    int rows = 0;
    for (std::string line; std::getline(csv, line);) rows += line.empty() ? 0 : 1;
    CHECK(rows == 5);
}

TEST_CASE("Linear and logarithmic step ranges include both ends", "[step]") {
    auto run = runSteps("ranges\n.param x=1\nV1 in 0 {x}\nR1 in 0 1k\n.step dec param x 1 100 2\n.op\n.end\n", 1);
    REQUIRE(run->outcomes.size() == 5);
    CHECK_THAT(run->outcomes[1].point.values[0].second, WithinRel(std::sqrt(10.0), 1e-12));
    CHECK_THAT(run->outcomes[4].point.values[0].second, WithinRel(100.0, 1e-12));
}

TEST_CASE("Stepping a model parameter changes the model (CPL length, DC series resistance)", "[step]") {
    // One conductor, R = 1 ohm/m: at DC the line is R*len in series with the 1 ohm load.
    auto run = runSteps("model step\nV1 a 0 1\nP1 a 0 b 0 pline\nRl b 0 1\n"
                        ".model pline cpl R=1 L=250n G=0 C=100p length=1\n"
                        ".step pline(length) list 1 3\n.op\n.end\n", 2);
    REQUIRE(run->outcomes.size() == 2);
    CHECK(run->outcomes[0].point.label() == "pline(length)=1");
    INFO(run->outcomes[0].opText);
    CHECK(run->outcomes[0].opText.find("v(b) = 0.5\n") != std::string::npos);
    CHECK(run->outcomes[1].opText.find("v(b) = 0.25\n") != std::string::npos);
}

namespace {

std::string withoutDateLines(std::istream& in) {
    std::string text;
    for (std::string line; std::getline(in, line);)
        if (!line.starts_with("Date: ")) text += line + "\n";
    return text;
}

app::RunOptions streamedOptions(int jobs, const std::filesystem::path& raw) {
    app::RunOptions options;
    options.jobs = jobs;
    options.rawFile = raw;
    options.asciiRaw = true;
    return options;
}

} // namespace

TEST_CASE("Streamed step output is the same with 1 and 3 jobs, in point order, failed points included", "[step]") {
    // 31 points of an AC analysis; r = 0 (the 16th) fails, so later points finish while an
    // earlier one is still unwritten whatever the thread timing.
    std::string values;
    for (int k = 1; k <= 31; ++k) values += k == 16 ? " 0" : fmt::format(" {}k", k);
    const std::string text = "stream\n.param r=1k\nV1 in 0 DC 0 AC 1\nR1 in mid 1k\nR2 mid 0 {r}\nC1 mid 0 1n\nL9 x 0 {r}\n"
                             ".step param r list" + values + "\n.ac dec 10 1k 1meg\n.print ac vm(mid)\n.end\n";
    auto rawSerial = scratchDirectory() / "stream1.raw";
    auto rawParallel = scratchDirectory() / "stream3.raw";
    auto serial = runText("stream.cir", text, streamedOptions(1, rawSerial));
    auto parallel = runText("stream.cir", text, streamedOptions(3, rawParallel));
    CHECK(serial.exitCode == 1);
    CHECK(parallel.exitCode == 1);
    CHECK(serial.out == parallel.out);
    CHECK(serial.err == parallel.err);
    std::ifstream serialRaw(rawSerial), parallelRaw(rawParallel);
    const std::string serialText = withoutDateLines(serialRaw);
    CHECK(serialText == withoutDateLines(parallelRaw));

    // Plot order follows the step list; the failed point has no plot.
    std::size_t at = 0;
    for (int k = 1; k <= 31; ++k) {
        if (k == 16) continue;
        INFO("r = " << k << "k");
        const std::string title = fmt::format("Title: stream (r={})", k * 1000);
        auto next = serialText.find(title, at);
        REQUIRE(next != std::string::npos);
        at = next + title.size();
    }
    CHECK(serialText.find("(r=0)") == std::string::npos);
    CHECK(parallel.out.find("--- step r=31000 ---") > parallel.out.find("--- step r=30000 ---"));
    CHECK(parallel.err.find("note: at .step point r=0") != std::string::npos);
}

TEST_CASE("A stepped run whose rawfile cannot be written fails with an error and leaves no file", "[step]") {
    auto missingDirectory = scratchDirectory() / "no-such-dir" / "out.raw";
    app::RunOptions options;
    options.rawFile = missingDirectory;
    options.jobs = 2;
    CHECK_THROWS_AS(runText("step_raw.cir", kStepB1, options), std::system_error);
    CHECK_FALSE(std::filesystem::exists(missingDirectory));
}
