#include "tests/support/netlist_runner.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

// The J, S and W elements and their .model cards: values from closed forms, problems as
// file:line:col diagnostics.

using namespace cablespice::testing;
using Catch::Matchers::Contains;
using Catch::Matchers::WithinRel;

TEST_CASE("A saturated JFET carries BETA area m (vgs - VTO)^2 (1 + LAMBDA vds)", "[elab][jfet]") {
    // Gate at -1 V (no gate current but the junctions' -IS and gmin), drain at 10 V.
    auto result = runText("jfet_sat.cir", "t\n.model jn NJF(VTO=-3 BETA=1m LAMBDA=0.01)\nVD d 0 10\nVG g 0 -1\n"
                                          "J1 d g 0 jn 2 m=1.5\n.op\n.end\n");
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    const double id = 3e-3 * 4.0 * (1.0 + 0.01 * 10.0);
    // plus the reverse gate-drain junction at -11 V: IS area m + gmin 11 V
    CHECK_THAT(opValue(result.out, "i(vd)"), WithinRel(-(id + 3e-14 + 11e-12), 1e-9));
}

TEST_CASE("A p-channel JFET mirrors the n-channel one", "[elab][jfet]") {
    auto result = runText("jfet_p.cir", "t\n.model jp PJF(VTO=-3 BETA=1m)\nVD d 0 -10\nVG g 0 1\nJ1 d g 0 jp\n.op\n.end\n");
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    CHECK_THAT(opValue(result.out, "i(vd)"), WithinRel(1e-3 * 4.0 + 1e-14 + 11e-12, 1e-9));
}

TEST_CASE("J cards: a missing or wrong model, a bad parameter and IC= are errors at their place", "[elab][jfet]") {
    auto missing = runText("j_missing.cir", "t\nV1 a 0 1\nJ1 a 0 0 nosuch\n.op\n.end\n");
    CHECK(missing.exitCode == 1);
    CHECK_THAT(missing.err, Contains("j_missing.cir:3:10: error: no JFET model named 'nosuch'"));
    auto wrong = runText("j_wrong.cir", "t\n.model dm D\nV1 a 0 1\nJ1 a 0 0 dm\n.op\n.end\n");
    CHECK_THAT(wrong.err, Contains("j_wrong.cir:4:10: error: model 'dm' is not a JFET model (NJF or PJF)"));
    auto negative = runText("j_beta.cir", "t\n.model jn NJF(beta=-1)\nV1 a 0 1\nJ1 a 0 0 jn\n.op\n.end\n");
    CHECK(negative.exitCode == 1);
    CHECK_THAT(negative.err, Contains("j_beta.cir:2:15: error: JFET model parameter 'beta' must be positive"));
    auto ic = runText("j_ic.cir", "t\n.model jn NJF\nV1 a 0 1\nJ1 a 0 0 jn ic=1,2\n.op\n.end\n");
    CHECK(ic.exitCode == 1);
    CHECK_THAT(ic.err, Contains("j_ic.cir:4:13: error: IC= on a JFET is not supported yet"));
    auto unknown = runText("j_isr.cir", "t\n.model jn NJF(isr=1e-12)\nV1 a 0 1\nR1 a b 1k\nJ1 b 0 0 jn\n.op\n.end\n");
    CHECK(unknown.exitCode == 0);
    CHECK_THAT(unknown.err, Contains("j_isr.cir:2:15: warning: parameter 'isr' of JFET model 'jn' is not supported"));
}

TEST_CASE("An S switch is RON above VT + VH and ROFF below, W reads its controlling source's current",
          "[elab][switch]") {
    const std::string deck = "t\n.model sm SW(VT=1 VH=0.2 RON=10 ROFF=1meg)\n.model wm CSW(IT=1m RON=10)\n"
                             "VS a 0 1\nRA a b 1k\nVC c 0 CTRL\nS1 b 0 c 0 sm\nVM m 0 0\nRM a m 500\n"
                             "W1 a w VM wm\nRW w 0 1k\n.op\n.end\n";
    auto on = runText("s_on.cir", std::string(deck).replace(deck.find("CTRL"), 4, "1.5"));
    INFO(on.err);
    REQUIRE(on.exitCode == 0);
    CHECK_THAT(opValue(on.out, "v(b)"), WithinRel(10.0 / 1010.0, 1e-9));
    // W1: i(VM) = 1 V / 500 = 2 mA > IT, on: 1k/(1k + 10)
    CHECK_THAT(opValue(on.out, "v(w)"), WithinRel(1000.0 / 1010.0, 1e-9));
    auto off = runText("s_off.cir", std::string(deck).replace(deck.find("CTRL"), 4, "0.5"));
    REQUIRE(off.exitCode == 0);
    CHECK_THAT(opValue(off.out, "v(b)"), WithinRel(1e6 / (1e6 + 1e3), 1e-9));
}

TEST_CASE("Switch cards: a wrong model kind, negative hysteresis and an unknown controller are errors",
          "[elab][switch]") {
    auto kind = runText("s_kind.cir", "t\n.model wm CSW\nV1 a 0 1\nS1 a 0 a 0 wm\n.op\n.end\n");
    CHECK(kind.exitCode == 1);
    CHECK_THAT(kind.err, Contains("s_kind.cir:4:12: error: model 'wm' is not a SW switch model"));
    auto hysteresis = runText("s_vh.cir", "t\n.model sm SW(vh=-1)\nV1 a 0 1\nS1 a 0 a 0 sm\n.op\n.end\n");
    CHECK(hysteresis.exitCode == 1);
    CHECK_THAT(hysteresis.err, Contains("s_vh.cir:2:14: error: switch model parameter 'vh' must not be negative"));
    auto controller = runText("w_ctl.cir", "t\n.model wm CSW\nV1 a 0 1\nR1 a 0 1k\nW1 a 0 vnone wm\n.op\n.end\n");
    CHECK(controller.exitCode == 1);
    CHECK_THAT(controller.err, Contains("w_ctl.cir:5:8: error: controlling source 'vnone' of 'W1' does not exist"));
    auto unknown = runText("s_it.cir", "t\n.model sm SW(it=1)\nV1 a 0 1\nR1 a b 1k\nS1 b 0 a 0 sm\n.op\n.end\n");
    CHECK(unknown.exitCode == 0);
    CHECK_THAT(unknown.err, Contains("s_it.cir:2:14: warning: parameter 'it' of switch model 'sm' is not supported"));
}

TEST_CASE("A switch whose state contradicts itself stops Newton at the iteration limit, naming the switch",
          "[elab][switch]") {
    // Off, 1 V reaches its control above VT + VH: on; on, RON pulls it to 1 mV below VT - VH: off.
    const std::string deck = "self-contradicting switch\n.model sm SW(VT=0.5 VH=0.1 RON=1 ROFF=1meg)\nV1 in 0 1\n"
                             "R1 in a 1k\nS1 a 0 a 0 sm\n";
    for (const char* analysis : {".op", ".tran 1u 10u"}) {
        auto result = runText("s_osc.cir", deck + analysis + "\n.end\n");
        CHECK(result.exitCode == 1);
        CHECK_THAT(result.err, Contains("s_osc.cir:5:1: error: no convergence in 100 Newton iterations (device 's1') at node 'a'"));
    }
}

namespace {

// Rows "index sweep v(a) v(b)" of a .print dc table.
struct SweepRow {
    double sweep, a, b;
};
std::vector<SweepRow> sweepRows(const std::string& output) {
    std::vector<SweepRow> rows;
    std::istringstream lines(output);
    std::string line;
    while (std::getline(lines, line)) {
        std::istringstream fields(line);
        int index = 0;
        SweepRow row{};
        if (fields >> index >> row.sweep >> row.a >> row.b) rows.push_back(row);
    }
    return rows;
}

} // namespace

TEST_CASE("A .dc sweep up turns S and W on past VT + VH, a sweep down turns them off below VT - VH",
          "[elab][switch]") {
    // S1: on above 2.52 V, off below 1.52 V. W1 reads v(c)/1k: on above 1.22 mA, off below 0.82 mA.
    const std::string deck = "hysteresis\n.model sm SW(VT=2.02 VH=0.5 RON=10 ROFF=100k)\n"
                             ".model wm CSW(IT=1.02m IH=0.2m RON=10 ROFF=100k)\nVC c 0 0\nRC c cx 1k\nVM cx 0 0\n"
                             "VS vs 0 1\nS1 vs a c 0 sm\nRA a 0 1k\nW1 vs b VM wm\nRB b 0 1k\n.print dc v(a) v(b)\n";
    const double on = 1000.0 / 1010.0, off = 1000.0 / 101000.0;
    // Up from off, a switch is on above its upper threshold; down from on, at or above its lower one.
    const auto isOn = [](double control, bool down, double upper, double lower) {
        return down ? control >= lower : control > upper;
    };
    const auto expect = [&](const std::string& sweep, bool down) {
        auto result = runText("s_hyst.cir", deck + sweep + "\n.end\n");
        INFO(result.err);
        REQUIRE(result.exitCode == 0);
        const auto rows = sweepRows(result.out);
        REQUIRE(rows.size() == 33);
        for (const auto& row : rows) {
            INFO("v(c) = " << row.sweep);
            CHECK_THAT(row.a, WithinRel(isOn(row.sweep, down, 2.52, 1.52) ? on : off, 1e-6));
            CHECK_THAT(row.b, WithinRel(isOn(row.sweep, down, 1.22, 0.82) ? on : off, 1e-6));
        }
    };
    expect(".dc VC 0 4 0.125", false);
    expect(".dc VC 4 0 -0.125", true);
}

TEST_CASE("A switch inside a subcircuit instance with m=2 is two switches in parallel", "[elab][switch]") {
    auto result = runText("s_m.cir", "t\n.model sm SW(VT=1 RON=10 ROFF=1meg)\n.subckt sw a c\nS1 a 0 c 0 sm\n.ends\n"
                                      "VC c 0 2\nVS vs 0 1\nR1 vs a 10\nX1 a c sw m=2\n.op\n.end\n");
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    CHECK_THAT(opValue(result.out, "v(a)"), WithinRel(5.0 / 15.0, 1e-9));  // 10 ohm over 10 || 10
}
