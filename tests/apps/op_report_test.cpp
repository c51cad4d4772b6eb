#include "tests/support/netlist_runner.hpp"
#include "tests/support/skip.hpp"

#include <catch2/catch.hpp>

using namespace cablespice::testing;
using Catch::Matchers::WithinAbs;

TEST_CASE("The shared T1 Thevenin divider prints the closed-form operating point", "[app][op]") {
    if (cablespice::testing::sharedDirectoryMissing()) {
        CABLESPICE_SKIP_TEST(CABLESPICE_SHARED_DIR " not found");
    }
    auto result = runFile(std::string(CABLESPICE_SHARED_DIR) + "/validation/netlists/t1_thevenin_divider_op.cir");
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    // Thevenin: 8 V behind 800 ohm into 2.2k -> 8*2200/3000; SPICE current sign into the + terminal.
    CHECK_THAT(opValue(result.out, "v(a)"), WithinAbs(8.0 * 2200.0 / 3000.0, 1e-6));
    CHECK_THAT(opValue(result.out, "i(v1)"), WithinAbs(-(10.0 - 8.0 * 2200.0 / 3000.0) / 1000.0, 1e-9));
    CHECK_THAT(opValue(result.out, "v(e)"), WithinAbs(2.0 * 8.0 * 2200.0 / 3000.0, 1e-6));
    CHECK_THAT(opValue(result.out, "v(g)"), WithinAbs(8.0 * 2200.0 / 3000.0, 1e-6));
    CHECK_THAT(opValue(result.out, "v(n)"), WithinAbs(2.0, 1e-9));
}

TEST_CASE("The operating point lists nodes then branch currents in order of first appearance", "[app][op]") {
    auto result = runText("order.cir", "order\nV1 in 0 1\nR1 in mid 1k\nR2 mid 0 1k\nVx mid2 0 0\nR3 mid2 mid 1\n.op\n.end\n");
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    auto expectedOrder = {"v(in) = ", "v(mid) = ", "v(mid2) = ", "i(v1) = ", "i(vx) = "};
    std::size_t position = 0;
    for (const auto* prefix : expectedOrder) {
        auto found = result.out.find(prefix, position);
        INFO(prefix);
        REQUIRE(found != std::string::npos);
        position = found;
    }
}

TEST_CASE("Operating point values are printed with at least nine significant digits", "[app][op]") {
    auto result = runText("digits.cir", "digits\nV1 a 0 1\nR1 a b 1k\nR2 b 0 2k\n.op\n.end\n");
    REQUIRE(result.exitCode == 0);
    CHECK(result.out.find("v(b) = 0.666666667") != std::string::npos);
}

TEST_CASE("The bundled balanced-link example matches the bridge law", "[app][op]") {
    auto result = runFile(std::string(CABLESPICE_SOURCE_DIR) + "/netlists/examples/balanced_link.cir");
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    double expected = 20e3 * 10.0 / ((20e3 + 50.0) * (20e3 + 60.0));
    CHECK_THAT(opValue(result.out, "v(out)"), WithinAbs(expected, 1e-12));
}
