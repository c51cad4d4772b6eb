// Statistics of a stepped run's .meas results: summary line and JSON entry, checked on values
// whose mean, standard deviation and percentiles follow by hand from the definitions.
#include "apps/cablespice/measure_histogram.hpp"
#include "apps/cablespice/measure_statistics.hpp"
#include "parser/elaborate/elaborator.hpp"
#include "parser/parse_netlist.hpp"
#include "tests/support/netlist_runner.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <sstream>

using namespace cablespice;
using namespace cablespice::testing;
using Catch::Matchers::WithinAbs;

TEST_CASE("Percentiles interpolate linearly between order statistics", "[statistics]") {
    const std::vector<double> sorted = {1, 2, 3, 4};
    // Rank p/100 * 3: 0.03 -> 1.03, 1.5 -> 2.5, 2.97 -> 3.97.
    CHECK_THAT(app::percentileOfSorted(sorted, 1), WithinAbs(1.03, 1e-12));
    CHECK_THAT(app::percentileOfSorted(sorted, 50), WithinAbs(2.5, 1e-12));
    CHECK_THAT(app::percentileOfSorted(sorted, 99), WithinAbs(3.97, 1e-12));
    CHECK(app::percentileOfSorted(sorted, 0) == 1);
    CHECK(app::percentileOfSorted(sorted, 100) == 4);
    CHECK(app::percentileOfSorted({7}, 99.9) == 7);
}

namespace {

// |v(in)| = x at each point: `level` takes the values 1, 2, 3, 4; `crossing` fails at every
// point (|v(in)| never crosses 0.5 in a one-frequency sweep).
const char* kStepped = R"(statistics
V1 in 0 DC 0 AC {x}
R1 in 0 1k
.param x=1
.step param x list 1 2 3 4
.ac lin 1 1 1
.meas ac level FIND vm(in) AT=1
.meas ac crossing WHEN vm(in)=0.5
.end
)";

} // namespace

TEST_CASE("A stepped run prints each .meas's count, mean, std, extremes and percentiles", "[statistics]") {
    app::RunOptions options;
    options.jsonFile = scratchDirectory() / "statistics.json";
    auto result = runText("statistics.cir", kStepped, options);
    INFO(result.out << result.err);
    // Mean 2.5, sample std sqrt(5/3), percentiles at ranks p/100 * 3 of 1 2 3 4.
    CHECK(result.out.find("--- .meas statistics over the .step points ---\n"
                          "level: count=4 mean=2.5 std=1.29099445 min=1 max=4 p0.1=1.003 p1=1.03 p50=2.5 "
                          "p99=3.97 p99.9=3.997\n"
                          "crossing: count=0 failed=4\n") != std::string::npos);
    std::ifstream json(*options.jsonFile);
    std::stringstream text;
    text << json.rdbuf();
    CHECK(text.str().find("\"level\": {\"count\": 4, \"failed\": 0, \"mean\": 2.5, \"std\": 1.29099444874, \"min\": 1, "
                          "\"max\": 4, \"percentiles\": {\"0.1\": 1.003, \"1\": 1.03, \"50\": 2.5, \"99\": 3.97, "
                          "\"99.9\": 3.997}}") != std::string::npos);
    CHECK(text.str().find("\"crossing\": {\"count\": 0, \"failed\": 4, \"mean\": null") != std::string::npos);
}

TEST_CASE("Wilson's 95 % interval matches its closed form", "[statistics]") {
    // 2 of 4: center 1/2, half width z/(1 + z^2/4) sqrt(1/16 + z^2/64) = 0.349961 (z = 1.959964).
    auto [low, high] = app::wilsonInterval95(2, 4);
    CHECK_THAT(low, WithinAbs(0.150039, 1e-6));
    CHECK_THAT(high, WithinAbs(0.849961, 1e-6));
    // All of 1000 passing: the upper end is 1, the lower end 1/(1 + z^2/1000) = 0.996173.
    auto [allLow, allHigh] = app::wilsonInterval95(1000, 1000);
    CHECK_THAT(allLow, WithinAbs(0.996173, 1e-6));
    CHECK(allHigh == 1.0);
}

TEST_CASE("PASS= gives the yield of a stepped run with its 95 % confidence interval", "[statistics]") {
    app::RunOptions options;
    options.jsonFile = scratchDirectory() / "yield.json";
    auto result = runText("yield.cir", R"(yield
V1 in 0 DC 0 AC {x}
R1 in 0 1k
.param x=1 limit=2.5
.step param x list 1 2 3 4
.ac lin 1 1 1
.meas ac level FIND vm(in) AT=1 pass={level > limit}
.end
)", options);
    INFO(result.out << result.err);
    REQUIRE(result.exitCode == 0);
    CHECK(result.out.find("level: count=4 passed=2/4 yield=50% (95% CI 15..85%) mean=2.5") != std::string::npos);
    std::ifstream json(*options.jsonFile);
    std::stringstream text;
    text << json.rdbuf();
    CHECK(text.str().find("\"yield\": {\"passed\": 2, \"points\": 4, \"ci95\": [0.150038989152, 0.849961010848]}") !=
          std::string::npos);
}

TEST_CASE("PASS= may name only measurements and .params", "[statistics]") {
    auto result = runText("pass_vector.cir", R"(pass
V1 in 0 DC 0 AC 1
R1 in 0 1k
.ac lin 1 1 1
.meas ac level FIND vm(in) AT=1 pass={vm(in) > 1}
.meas ac other FIND vm(in) AT=1 pass={nosuch > 1}
.end
)");
    CHECK(result.err.find(result.path + ":5:33: warning: PASS= tests measurement values and .params, not vectors") !=
          std::string::npos);
    CHECK(result.err.find("unknown name 'nosuch' in .meas expression") != std::string::npos);
}

TEST_CASE("A histogram has Rice's ceil(2 n^(1/3)) equal bins from min to max", "[statistics][plot]") {
    // 8 values: 2 * 8^(1/3) = 4 bins of width 1 over [0, 4]; 4 sits in the last bin.
    auto histogram = app::histogramOf({0, 0.5, 1, 1.5, 2.2, 3, 3.9, 4});
    CHECK(histogram.edges == std::vector<double>{0, 1, 2, 3, 4});
    CHECK(histogram.counts == std::vector<std::size_t>{2, 2, 1, 3});
    auto same = app::histogramOf({5, 5, 5});
    CHECK(same.counts == std::vector<std::size_t>{3});
}

TEST_CASE("A plot of meas:NAME is the histogram of the measurement over the points", "[statistics][plot]") {
    SourceManager sources;
    DiagnosticSink sink;
    auto netlist = parseNetlistText(sources, "histogram.cir", kStepped, sink);
    auto base = elab::elaborate(netlist, sink);
    auto outcomes = app::runStepPoints(netlist, base, {});
    auto figures = app::measureHistograms(base, outcomes, {"level"});
    REQUIRE(figures.size() == 1);
    REQUIRE(figures[0].curves.size() == 1);
    // 1 2 3 4: ceil(2 * 4^(1/3)) = 4 bins of width 0.75, one value each, outlined as a staircase.
    const auto& curve = figures[0].curves[0];
    CHECK(curve.x == std::vector<double>{1, 1, 1.75, 1.75, 2.5, 2.5, 3.25, 3.25, 4, 4});
    CHECK(curve.y == std::vector<double>{0, 1, 1, 1, 1, 1, 1, 1, 1, 0});
    CHECK_THROWS_WITH(app::measureHistograms(base, outcomes, {"nosuch"}),
                      "--plot-vectors meas:nosuch: the netlist has no .meas named 'nosuch'");
    CHECK_THROWS_WITH(app::measureHistograms(base, outcomes, {"crossing"}),
                      "--plot-vectors meas:crossing: the measurement has no value at any point");
}
