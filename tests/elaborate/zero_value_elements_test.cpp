// Decks ngspice accepts (issue 25, item 3): a 0 ohm resistor is a short and a 0 F capacitor
// is left out, each with a note.
#include "tests/support/netlist_runner.hpp"

#include <catch2/catch.hpp>

using namespace cablespice::testing;
using Catch::Matchers::WithinRel;

TEST_CASE("zero-value elements: R = 0 is a 1 mOhm short and C = 0 is dropped, as in ngspice", "[app][elements]") {
    // ngspice 39 on this deck: v(a) = 9.999995e-01, v(b) = 4.999998e-01, i(v1) = -5.00000e-04,
    // i.e. R0 = 1 mOhm in series with 2 kOhm.
    auto result = runText("zero_values.cir", "zero ohm and zero farad\nV1 in 0 dc 1 ac 1\nR0 in a 0\nR1 a b 1k\n"
                                             "C0 b 0 0\nR2 b 0 1k\n.op\n.end\n");
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    CHECK(result.err.find(result.path + ":3:1: note: resistor 'R0' of 0 ohm is a short: solved as 1 mOhm, as ngspice does") !=
          std::string::npos);
    CHECK(result.err.find(result.path + ":5:1: note: capacitor 'C0' of 0 F carries no current: left out") !=
          std::string::npos);
    const double current = 1.0 / (2000.0 + 1e-3);
    CHECK_THAT(opValue(result.out, "v(a)"), WithinRel(1.0 - 1e-3 * current, 1e-9));
    CHECK_THAT(opValue(result.out, "v(b)"), WithinRel(1e3 * current, 1e-9));
    CHECK_THAT(opValue(result.out, "i(v1)"), WithinRel(-current, 1e-9));
}

TEST_CASE("zero-value elements: a negative capacitance is still an error", "[app][elements]") {
    auto result = runText("negative_c.cir", "neg\nV1 a 0 1\nR1 a 0 1k\nC1 a 0 -1n\n.op\n.end\n");
    CHECK(result.exitCode == 1);
    CHECK(result.err.find("capacitance of 'C1' must be positive and finite") != std::string::npos);
}
