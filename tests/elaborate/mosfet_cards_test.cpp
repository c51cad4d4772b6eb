#include "tests/support/netlist_runner.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

// The M element and its NMOS/PMOS .model cards: values from closed forms, problems as
// file:line:col diagnostics.

using namespace cablespice::testing;
using Catch::Matchers::Contains;
using Catch::Matchers::WithinRel;

TEST_CASE("A saturated level-1 NMOS carries KP/2 m W/Leff (vgs - von)^2 (1 + LAMBDA vds), von with the body effect",
          "[elab][mosfet]") {
    // Bulk at -1 V: von = VTO + GAMMA (sqrt(PHI + 1) - sqrt(PHI)); Leff = L - 2 LD = 2u.
    auto result = runText("m_sat.cir", "t\n.model nm NMOS(LEVEL=1 VTO=0.7 KP=100u GAMMA=0.5 PHI=0.6 LAMBDA=0.02 LD=0.1u)\n"
                                       "VD d 0 3\nVG g 0 2\nVB b 0 -1\nM1 d g 0 b nm W=10u L=2.2u M=2\n.op\n.end\n");
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    const double von = 0.7 + 0.5 * (std::sqrt(1.6) - std::sqrt(0.6));
    const double id = 0.5 * 100e-6 * 2.0 * 5.0 * (2.0 - von) * (2.0 - von) * (1.0 + 0.02 * 3.0);
    // plus the reverse bulk-drain junction at -4 V: IS + gmin 4 V
    CHECK_THAT(opValue(result.out, "i(vd)"), WithinRel(-(id + 1e-14 + 4e-12), 1e-9));
}

TEST_CASE("A level-1 PMOS mirrors the NMOS", "[elab][mosfet]") {
    auto result = runText("m_p.cir", "t\n.model pm PMOS(VTO=-0.7 KP=100u LAMBDA=0.02)\n"
                                     "VD d 0 -3\nVG g 0 -2\nM1 d g 0 0 pm W=10u L=2u\n.op\n.end\n");
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    const double id = 0.5 * 100e-6 * 5.0 * 1.3 * 1.3 * (1.0 + 0.02 * 3.0);
    CHECK_THAT(opValue(result.out, "i(vd)"), WithinRel(id + 1e-14 + 3e-12, 1e-9));
}

TEST_CASE("M cards: a missing or wrong model, bad parameters, levels and IC= are errors at their place",
          "[elab][mosfet]") {
    auto missing = runText("m_missing.cir", "t\nV1 a 0 1\nM1 a a 0 0 nosuch\n.op\n.end\n");
    CHECK(missing.exitCode == 1);
    CHECK_THAT(missing.err, Contains("m_missing.cir:3:12: error: no MOSFET model named 'nosuch'"));
    auto wrong = runText("m_wrong.cir", "t\n.model dm D\nV1 a 0 1\nM1 a a 0 0 dm\n.op\n.end\n");
    CHECK_THAT(wrong.err, Contains("m_wrong.cir:4:12: error: model 'dm' is not a MOSFET model (NMOS or PMOS)"));
    auto negative = runText("m_kp.cir", "t\n.model nm NMOS(kp=-1)\nV1 a 0 1\nM1 a a 0 0 nm\n.op\n.end\n");
    CHECK(negative.exitCode == 1);
    CHECK_THAT(negative.err, Contains("m_kp.cir:2:16: error: MOSFET model parameter 'kp' must be positive"));
    auto level = runText("m_level.cir", "t\n.model nm NMOS(vto=1 level=8)\nV1 a 0 1\nM1 a a 0 0 nm\n.op\n.end\n");
    CHECK(level.exitCode == 1);
    CHECK_THAT(level.err, Contains("m_level.cir:2:22: error: MOSFET level 8 is not supported"));
    auto length = runText("m_l.cir", "t\n.model nm NMOS\nV1 a 0 1\nM1 a a 0 0 nm L=0\n.op\n.end\n");
    CHECK(length.exitCode == 1);
    CHECK_THAT(length.err, Contains("m_l.cir:4:1: error: l, w and m of MOSFET 'M1' must be positive"));
    auto ic = runText("m_ic.cir", "t\n.model nm NMOS\nV1 a 0 1\nM1 a a 0 0 nm ic=1,2,3\n.op\n.end\n");
    CHECK(ic.exitCode == 1);
    CHECK_THAT(ic.err, Contains("m_ic.cir:4:15: error: IC= on a MOSFET is not supported yet"));
    auto nsub = runText("m_nsub.cir", "t\n.model nm NMOS(tox=20n nsub=1e9)\nV1 a 0 1\nM1 a a 0 0 nm\n.op\n.end\n");
    CHECK(nsub.exitCode == 1);
    CHECK_THAT(nsub.err, Contains("m_nsub.cir:2:1: error: MOSFET model 'nm': NSUB is below the intrinsic"));
    auto unknown = runText("m_u.cir", "t\n.model nm NMOS(k1=0.5)\nV1 a 0 1\nR1 a b 1k\nM1 b b 0 0 nm\n.op\n.end\n");
    CHECK(unknown.exitCode == 0);
    CHECK_THAT(unknown.err, Contains("m_u.cir:2:16: warning: parameter 'k1' of MOSFET model 'nm' is not supported"));
}
