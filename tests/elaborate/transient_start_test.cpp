#include "tests/support/netlist_runner.hpp"
#include "tests/support/print_tables.hpp"

#include <catch2/catch.hpp>

// A start that is not at rest: a source that changes from t = 0 on drives an inductor/
// current-source cut set or a capacitor/voltage-source loop, so a flux or a charge moves at
// once while the operating point says nothing about the rate.

using namespace cablespice::testing;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

TEST_CASE("A current ramp into an inductor gives L di/dt from the first step", "[tran][start]") {
    // i(L1) = -1000 t A (forced by I1), v(b) = 10 i, v(a) = v(b) + L di/dt = -10000 t - 50 V until
    // the ramp ends at 1 ms, then -10 V. ngspice 39 prints v(a) = -50.001 at 0.1 us and
    // -59.928 at 0.9928 ms, -10 after 1 ms (the operating point at t = 0 has v(a) = 0, as here).
    auto result = runText("cutset.cir", R"(current ramp into an inductor: inductor/current-source cut set
I1 a 0 PWL(0 0 1m 1)
L1 a b 50m
R1 b 0 10
.tran 10u 2m
.print tran v(a) v(b) i(l1)
.end
)");
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    auto table = printTables(result.out).at(0);
    const auto& t = table.at("time");
    CHECK(table.at("v(a)").front() == 0.0);
    std::size_t ramp = 0, flat = 0;
    for (std::size_t k = 1; k < t.size(); ++k) {
        INFO("t = " << t[k]);
        if (t[k] < 1e-3 - 1e-12) {
            ++ramp;
            CHECK_THAT(table.at("v(a)")[k], WithinRel(-50.0 - 1e4 * t[k], 1e-6));
            CHECK_THAT(table.at("i(l1)")[k], WithinRel(-1e3 * t[k], 1e-6));
        } else if (t[k] > 1e-3 + 1e-12) {
            ++flat;
            CHECK_THAT(table.at("v(a)")[k], WithinRel(-10.0, 1e-6));
        }
    }
    CHECK(ramp > 10);
    CHECK(flat > 10);
}

TEST_CASE("A voltage ramp across a capacitor starts with its charging current", "[tran][start]") {
    // i(V1) = -(C dv/dt + v/R) = -(1e-3 + t) A during the ramp (ngspice 39: -1.0001e-3 at 0.1 us).
    auto result = runText("caploop.cir", "cap loop\nV1 a 0 PWL(0 0 1m 1)\nC1 a 0 1u\nR1 a 0 1k\n.tran 10u 2m\n"
                                         ".print tran i(v1)\n.end\n");
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    auto table = printTables(result.out).at(0);
    const auto& t = table.at("time");
    for (std::size_t k = 1; k < t.size() && t[k] < 1e-3 - 1e-12; ++k) {
        INFO("t = " << t[k]);
        CHECK_THAT(table.at("i(v1)")[k], WithinRel(-(1e-3 + t[k]), 1e-6));
    }
    // The first step is a tenth of min(TSTEP, TSTOP/100)/10 or so, not shrunk towards the minimum step.
    CHECK(t.at(1) > 1e-8);
}
