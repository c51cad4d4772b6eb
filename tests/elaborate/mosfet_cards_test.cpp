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
    auto narrow = runText("m_w.cir", "t\n.model n3 NMOS(level=3 wd=2u)\nV1 a 0 1\nM1 a a 0 0 n3 W=3u\n.op\n.end\n");
    CHECK(narrow.exitCode == 1);
    CHECK_THAT(narrow.err, Contains("m_w.cir:4:1: error: MOSFET 'M1': the effective channel width W - 2*WD + XW is "
                                    "not positive"));
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

TEST_CASE("MOSFET levels 2 and 3 run, and a parameter of another level is named in a warning at its place",
          "[elab][mosfet]") {
    for (const char* level : {"2", "3"}) {
        auto result = runText("m_lv.cir", std::string("t\n.model nm NMOS(LEVEL=") + level +
                                              " VTO=0.8 KP=50u)\nVD d 0 3\nVG g 0 2\nM1 d g 0 0 nm W=20u L=2u\n"
                                              ".op\n.end\n");
        INFO(result.err);
        REQUIRE(result.exitCode == 0);
        CHECK(opValue(result.out, "i(vd)") < -1e-4);
    }
    auto foreign = runText("m_foreign.cir", "t\n.model nm NMOS(level=1 theta=0.1)\n.model n2 NMOS(level=2 kappa=0.3)\n"
                                            "V1 a 0 1\nR1 a b 1k\nM1 b b 0 0 nm\nM2 b b 0 0 n2\n.op\n.end\n");
    CHECK(foreign.exitCode == 0);
    CHECK_THAT(foreign.err, Contains("m_foreign.cir:2:24: warning: parameter 'theta' of MOSFET model 'nm' has no "
                                     "effect at level 1"));
    CHECK_THAT(foreign.err, Contains("m_foreign.cir:3:24: warning: parameter 'kappa' of MOSFET model 'n2' has no "
                                     "effect at level 2"));
}

TEST_CASE("A MOSFET that does not converge is named in the error", "[elab][mosfet]") {
    auto result = runText("m_nc.cir", "t\n.model nm NMOS(VTO=0.7 KP=100u)\nVD d 0 5\nRD d x 1k\nVG g 0 3\n"
                                      "M1 x g 0 0 nm W=10u L=1u\n.options itl1=2 gminsteps=0 srcsteps=0\n.op\n.end\n");
    CHECK(result.exitCode == 1);
    CHECK_THAT(result.err, Contains("m_nc.cir:6:1: error: no convergence in 2 Newton iterations (device 'm1')"));
}
