// Statistics of a stepped run's .meas results: summary line and JSON entry, checked on values
// whose mean, standard deviation and percentiles follow by hand from the definitions.
#include "apps/cablespice/measure_statistics.hpp"
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
