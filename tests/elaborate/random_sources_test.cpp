#include "tests/support/netlist_runner.hpp"
#include "tests/support/print_tables.hpp"

#include <catch2/catch.hpp>

#include <cmath>

// TRNOISE/TRRANDOM in ngspice syntax with .options seed, SFFM, and .options breakpoints= from a netlist.

using namespace cablespice::testing;
using Catch::Matchers::WithinAbs;

namespace {

const char* kNoiseDeck = R"(noise sources
V1 1 0 DC 0.5 TRNOISE(10m 1u 0 0)
R1 1 0 1k
I2 0 2 TRRANDOM(2 2u 1u 1m 1m)
R2 2 0 1k
.tran 0.5u 20u
.print tran v(1) v(2)
)";

PrintTable runNoise(const std::string& name, const std::string& options) {
    auto result = runText(name, std::string(kNoiseDeck) + options + ".end\n");
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    return printTables(result.out).at(0);
}

} // namespace

TEST_CASE("Noise sources repeat for a seed and change with it", "[elab][noise]") {
    auto first = runNoise("noise_seed5a.cir", ".options seed=5\n");
    auto again = runNoise("noise_seed5b.cir", ".options seed=5\n");
    auto other = runNoise("noise_seed6.cir", ".options seed=6\n");
    CHECK(first.at("v(1)") == again.at("v(1)"));
    CHECK(first.at("v(2)") == again.at("v(2)"));
    CHECK(first.at("v(1)") != other.at("v(1)"));
    // The operating point and t = 0: DC (+ PARAM2 * 1k for the TRRANDOM current into 1k).
    CHECK(first.at("v(1)").front() == 0.5);
    CHECK_THAT(first.at("v(2)").front(), WithinAbs(1.0, 1e-12));
    // Every sample time is a time point (the noise is linear between them).
    for (double sample = 1e-6; sample < 20e-6; sample += 1e-6) {
        bool found = false;
        for (double t : first.at("time")) found = found || std::abs(t - sample) < 1e-15;
        CHECK(found);
    }
}

TEST_CASE("A bad seed is an error at the option", "[elab][noise]") {
    auto result = runText("bad_seed.cir", std::string(kNoiseDeck) + ".options seed=1.5\n.end\n");
    CHECK(result.exitCode == 1);
    CHECK(result.err.find(":8:10: error: seed must be a whole number >= 0") != std::string::npos);
}

TEST_CASE(".options breakpoints= (Xyce: .options timeint breakpoints=) puts time points on the given times", "[elab][tran]") {
    auto result = runText("breakpoints.cir", R"(user breakpoints
V1 1 0 SFFM(0 1 10k 2 1k)
R1 1 2 1k
C1 2 0 1n
.options timeint breakpoints=2.5u, 3.3u 7.77u
.tran 1u 10u
.print tran v(1)
.end
)");
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    auto table = printTables(result.out).at(0);
    for (double wanted : {2.5e-6, 3.3e-6, 7.77e-6}) {
        bool found = false;
        for (double t : table.at("time")) found = found || std::abs(t - wanted) < 1e-18;
        CHECK(found);
    }
    // SFFM from the netlist: sin(2 pi 10k t + 2 sin(2 pi 1k t)).
    const auto& t = table.at("time");
    for (std::size_t k = 0; k < t.size(); ++k)
        CHECK_THAT(table.at("v(1)")[k],
                   WithinAbs(std::sin(2 * M_PI * 1e4 * t[k] + 2 * std::sin(2 * M_PI * 1e3 * t[k])), 2e-9));
}

TEST_CASE("seed=random is refused: runs must repeat", "[elab][noise]") {
    auto result = runText("seed_random.cir", std::string(kNoiseDeck) + ".options seed=random\n.end\n");
    CHECK(result.exitCode == 1);
    CHECK(result.err.find(":8:15: error: seed=random is not supported") != std::string::npos);
}

TEST_CASE("TRNOISE with 1/f and telegraph noise runs a .tran, repeats for a seed and changes with it", "[elab][noise]") {
    const std::string deck = R"(colored noise
V1 1 0 DC 0.5 TRNOISE(1m 1u 1 1m 5m 18u 30u)
R1 1 0 1k
V2 2 0 TRNOISE(0 0 0 0 1 10u 10u)
R2 2 0 1k
.tran 0.5u 200u
.print tran v(1) v(2)
)";
    auto run = [&](const std::string& name, const std::string& options) {
        auto result = runText(name, deck + options + ".end\n");
        INFO(result.err);
        REQUIRE(result.exitCode == 0);
        return printTables(result.out).at(0);
    };
    auto first = run("colored_seed5a.cir", ".options seed=5\n");
    auto again = run("colored_seed5b.cir", ".options seed=5\n");
    auto other = run("colored_seed6.cir", ".options seed=6\n");
    CHECK(first.at("time") == again.at("time"));
    CHECK(first.at("v(1)") == again.at("v(1)"));
    CHECK(first.at("v(2)") == again.at("v(2)"));
    CHECK(first.at("v(1)") != other.at("v(1)"));
    CHECK(first.at("v(2)") != other.at("v(2)"));
    CHECK(first.at("v(1)").front() == 0.5);
    // Telegraph noise alone: every time point is at 0 or at RTSAM = 1, both visited
    // (about 20 switches in 200 us at means of 10 us).
    bool twoLevels = true, low = false, high = false;
    for (double v : first.at("v(2)")) {
        twoLevels = twoLevels && (std::abs(v) < 1e-12 || std::abs(v - 1.0) < 1e-12);
        low = low || std::abs(v) < 1e-12;
        high = high || std::abs(v - 1.0) < 1e-12;
    }
    CHECK(twoLevels);
    CHECK(low);
    CHECK(high);
}
