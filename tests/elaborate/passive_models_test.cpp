#include "tests/support/netlist_runner.hpp"
#include "tests/support/print_tables.hpp"

#include <catch2/catch.hpp>

// R, C and L as other simulators write them: .model cards, temperature coefficients, ac=,
// m= on elements and instances. Expected values are closed forms; the decks were also run
// through ngspice 39 (`ngspice -b`), which printed the same numbers (quoted where used).

using namespace cablespice::testing;
using Catch::Matchers::WithinRel;

namespace {

RunResult runOk(const std::string& name, const std::string& text) {
    auto result = runText(name, text);
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    return result;
}

} // namespace

TEST_CASE("TC1/TC2 act at .options temp and .temp, .temp winning whatever the order", "[elab][temperature]") {
    // R(T) = R (1 + TC1 dT + TC2 dT^2), dT = T - TNOM, TNOM 27 unless the model or .options says.
    const std::string body = R"(
.model rm R (r=1k tc1=0.01 tc2=1e-4 tnom=20)
V1 1 0 1
R1 1 0 rm
V2 2 0 1
R2 2 0 1k tc1=0.02 tc2=1e-4
V3 3 0 1
R3 3 0 1k tc=0.02, 1e-4
V4 4 0 1
R4 4 0 rm tc1=0.001
V5 5 0 1
R5 5 0 1k tc=0.02
.op
.end
)";
    SECTION(".options temp=-55") {
        auto result = runOk("tc_options_temp.cir", "tc\n.options temp=-55" + body);
        // ngspice 39: i(v1) = -1.23077e-03, i(v2) = -3.08642e-02, i(v4) = -6.72269e-04, i(v5) = 1.5625e-03.
        CHECK_THAT(opValue(result.out, "i(v1)"), WithinRel(-1.0 / (1e3 * (1 - 0.01 * 75 + 1e-4 * 75 * 75)), 1e-8));
        CHECK_THAT(opValue(result.out, "i(v2)"), WithinRel(-1.0 / (1e3 * (1 - 0.02 * 82 + 1e-4 * 82 * 82)), 1e-8));
        CHECK_THAT(opValue(result.out, "i(v3)"), WithinRel(opValue(result.out, "i(v2)"), 1e-8));
        // The card's tc1 replaces the model's; the model's tc2 and tnom stay.
        CHECK_THAT(opValue(result.out, "i(v4)"), WithinRel(-1.0 / (1e3 * (1 - 0.001 * 75 + 1e-4 * 75 * 75)), 1e-8));
        // A coefficient may drive R negative, as in SPICE: 1k (1 - 0.02*82) = -640 ohm.
        CHECK_THAT(opValue(result.out, "i(v5)"), WithinRel(1.0 / 640.0, 1e-8));
    }
    SECTION(".temp 100 after .options temp=50") {
        auto result = runOk("tc_temp_card.cir", "tc\n.options temp=50\n.temp 100" + body);
        CHECK_THAT(opValue(result.out, "i(v1)"), WithinRel(-1.0 / (1e3 * (1 + 0.01 * 80 + 1e-4 * 80 * 80)), 1e-8));
        CHECK_THAT(opValue(result.out, "i(v2)"), WithinRel(-1.0 / (1e3 * (1 + 0.02 * 73 + 1e-4 * 73 * 73)), 1e-8));
    }
    SECTION("at 27 degC the coefficients change nothing but a model TNOM does") {
        auto result = runOk("tc_nominal.cir", "tc" + body);
        CHECK_THAT(opValue(result.out, "i(v2)"), WithinRel(-1e-3, 1e-8));
        CHECK_THAT(opValue(result.out, "i(v1)"), WithinRel(-1.0 / (1e3 * (1 + 0.01 * 7 + 1e-4 * 49)), 1e-8));
    }
    SECTION(".options tnom moves the nominal temperature") {
        auto result = runOk("tc_tnom.cir", "tc\n.options tnom=50" + body);
        CHECK_THAT(opValue(result.out, "i(v2)"), WithinRel(-1.0 / (1e3 * (1 - 0.02 * 23 + 1e-4 * 23 * 23)), 1e-8));
    }
}

TEST_CASE("C and L temperature coefficients scale the reactance", "[elab][temperature]") {
    // At 127 degC: C1 = 1n (1 + 0.01*100) = 2n; L1 = 1m (1 - 0.001*100 + 1e-5*1e4) = 1m.
    // 1 V across C1: |i| = w C; 1 A through L1: |v| = w L.
    auto result = runOk("tc_reactive.cir", R"(tc reactive
.model cm C (cap=1n tc1=0.01)
V1 1 0 AC 1
C1 1 0 cm
I2 0 2 AC 1
L1 2 0 2m tc1=-0.001 tc2=1e-5 m=2
.options temp=127
.ac lin 1 1k 1k
.print ac im(v1) vm(2)
.end
)");
    auto table = printTables(result.out).at(0);
    const double w = 2 * 3.14159265358979323846 * 1e3;
    CHECK_THAT(std::abs(table.at("im(v1)").at(0)), WithinRel(w * 2e-9, 1e-8));
    CHECK_THAT(table.at("vm(2)").at(0), WithinRel(w * 1e-3, 1e-8));
}

TEST_CASE("R and C models: sheet resistance, junction capacitance, defaults and precedence", "[elab][model]") {
    // ngspice 39 (`show r`, `show c`): R = RSH (L - 2 SHORT)/(W - 2 NARROW), L default 10u,
    // W default DEFW (10u); C = CJ (L - SHORT)(W - NARROW) + 2 CJSW ((L - SHORT) + (W - NARROW)).
    auto result = runOk("rc_models.cir", R"(rc models
.model rsheet R (rsh=100 short=0.5u narrow=0.25u)
.model rdefault R (r=7k)
.model cj C (cj=1e-4 cjsw=1e-10 short=1u narrow=1u)
.model ccap C (cap=3p cj=1e-4)
V1 1 0 DC 1 AC 1
R1 1 0 rsheet l=10u w=2u
V2 2 0 1
R2 2 0 rsheet
V3 3 0 1
R3 3 0 rdefault
V4 4 0 1
R4 4 0 2k rdefault
V5 5 0 AC 1
C1 5 0 cj l=10u w=5u
V6 6 0 AC 1
C2 6 0 ccap l=10u w=5u
V7 7 0 AC 1
C3 7 0 ccap 1pf
.op
.ac lin 1 1meg 1meg
.print ac im(v5) im(v6) im(v7)
.end
)");
    CHECK_THAT(opValue(result.out, "i(v1)"), WithinRel(-1.0 / (100.0 * 9e-6 / 1.5e-6), 1e-8));  // 600 ohm
    CHECK_THAT(opValue(result.out, "i(v2)"), WithinRel(-1.0 / (100.0 * 9e-6 / 9.5e-6), 1e-8));
    CHECK_THAT(opValue(result.out, "i(v3)"), WithinRel(-1.0 / 7e3, 1e-8));
    CHECK_THAT(opValue(result.out, "i(v4)"), WithinRel(-1.0 / 2e3, 1e-8));
    auto table = printTables(result.out).at(0);
    const double w = 2 * 3.14159265358979323846 * 1e6;
    const double c1 = 1e-4 * 9e-6 * 4e-6 + 2 * 1e-10 * (9e-6 + 4e-6);  // 6.2e-15
    CHECK_THAT(std::abs(table.at("im(v5)").at(0)), WithinRel(w * c1, 1e-8));
    CHECK_THAT(std::abs(table.at("im(v6)").at(0)), WithinRel(w * 3e-12, 1e-8));  // CAP wins over CJ
    CHECK_THAT(std::abs(table.at("im(v7)").at(0)), WithinRel(w * 1e-12, 1e-8));  // the card's value wins
}

TEST_CASE("A model that gives no value, or a geometry that is not positive, is an error at the model name", "[elab][model]") {
    auto result = runText("model_no_value.cir", "t\n.model rm R (tc1=0.01)\nV1 1 0 1\nR1 1 0 rm\n.op\n.end\n");
    CHECK(result.exitCode == 1);
    CHECK(result.err.find(result.path + ":4:8: error: model 'rm' gives no resistance (RSH or R)") != std::string::npos);
    result = runText("model_narrow.cir", "t\n.model rm R (rsh=1 narrow=1u)\nV1 1 0 1\nR1 1 0 rm w=2u\n.op\n.end\n");
    CHECK(result.exitCode == 1);
    CHECK(result.err.find("width W - 2*NARROW of model 'rm' must be positive") != std::string::npos);
    result = runText("model_unknown_param.cir", "t\n.model rm R (r=1 foo=2)\nV1 1 0 1\nR1 1 0 rm\n.op\n.end\n");
    CHECK(result.exitCode == 0);
    CHECK(result.err.find(":2:18: warning: parameter 'foo' of r model 'rm' is not supported and has no effect") !=
          std::string::npos);
}

TEST_CASE("Resistor ac= is the resistance of .ac only, scaled by m and the temperature", "[elab][resistor]") {
    // ngspice 39: v(4) = 0.5 in .op and vr(4) = 0.3333 in .ac for this deck.
    auto result = runOk("r_ac.cir", R"(resistor ac value
V1 1 0 DC 1 AC 1
R3 1 4 1k ac=2k m=2 tc1=0.01
R4 4 0 1k
.options temp=127
.op
.ac lin 1 1k 1k
.print ac vr(4)
.end
)");
    CHECK_THAT(opValue(result.out, "v(4)"), WithinRel(0.5, 1e-8));
    CHECK_THAT(printTables(result.out).at(0).at("vr(4)").at(0), WithinRel(1.0 / 3.0, 1e-8));
}

TEST_CASE("m= makes parallel copies of G, F and subcircuit instances, and E and H keep their voltage", "[elab][multiplier]") {
    // ngspice 39 (without m= on E and H, which it refuses): v(3) = 3, v(5) = 6, v(7) = 0.8.
    auto result = runOk("multipliers.cir", R"(multipliers
V1 1 0 DC 1
E1 2 0 1 0 2 m=3
R2 2 0 1k
G1 0 3 1 0 1m m=3
R3 3 0 1k
Vs 1 4 0
R4 4 0 1k
F1 0 5 Vs 2 m=3
R5 5 0 1k
.subckt blk a b
R1 a b 1k
C1 a b 1n
I1 b a 0.5m
.ends
X1 1 7 blk m=4
R7 7 0 1k
.op
.end
)");
    CHECK_THAT(opValue(result.out, "v(2)"), WithinRel(2.0, 1e-8));
    CHECK_THAT(opValue(result.out, "v(3)"), WithinRel(3.0, 1e-8));
    CHECK_THAT(opValue(result.out, "v(5)"), WithinRel(6.0, 1e-8));
    // Four copies of (1k parallel with 0.5 mA from b to a), 1k to ground: KCL at 7,
    // (1 - v7)/250 - 2e-3 = v7/1k -> v7 = 0.4 (ngspice 39: 0.4).
    CHECK_THAT(opValue(result.out, "v(7)"), WithinRel(0.4, 1e-8));
    CHECK(result.err.find("warning: m= has no effect on 'E1'") != std::string::npos);
}

TEST_CASE("Inside an instance with m=, F and H controlled from the same instance act per copy", "[elab][multiplier]") {
    // Two parallel copies of (Vs a->m, R1 1k m->b, H: v(c) = 1k i(Vs), F: i(Vs) into b, G: 1m v(a) into b).
    // Per copy, i = (1 - v2)/1k; at node 2: 2 (2 i + 1m) = v2/1k -> v2 = 1.2, v3 = 1k i = -0.2.
    // (ngspice 39 gives 8/7 and -2/7: it multiplies F's gain by m on top of the summed controlling
    // current, and H reads the summed current; see README.)
    auto result = runOk("multiplier_controlled.cir", R"(h and f inside an instance with m
V1 1 0 DC 1
.subckt blk a b c
Vs a m 0
R1 m b 1k
H1 c 0 Vs 1k
F1 0 b Vs 1
G1 0 b a 0 1m
.ends
X1 1 2 3 blk m=2
R2 2 0 1k
R3 3 0 1k
.op
.end
)");
    CHECK_THAT(opValue(result.out, "v(2)"), WithinRel(1.2, 1e-8));
    CHECK_THAT(opValue(result.out, "v(3)"), WithinRel(-0.2, 1e-8));
}

TEST_CASE(".ic inside a subcircuit sets the node of each instance", "[elab][ic]") {
    // v = 2 exp(-t / 1 ms) in both instances (ngspice 39: v(b) = v(c) = 2 at t = 0, 1.9996 at 0.2 us).
    auto result = runOk("ic_subckt.cir", R"(ic inside a subcircuit
.subckt rc in out
R1 in out 1k
C1 out 0 1u
.ic v(out)=2
.ends
V1 a 0 0
X1 a b rc
X2 a c rc
.tran 0.1m 2m
.print tran v(b) v(c)
.end
)");
    auto table = printTables(result.out).at(0);
    const auto& t = table.at("time");
    CHECK(table.at("v(b)").front() == 2.0);
    CHECK(table.at("v(c)").front() == 2.0);
    CHECK_THAT(table.at("v(b)").back(), WithinRel(2.0 * std::exp(-t.back() / 1e-3), 2e-3));
    CHECK_THAT(table.at("v(c)").back(), WithinRel(2.0 * std::exp(-t.back() / 1e-3), 2e-3));
}

TEST_CASE(".dc sweeps a resistor's value", "[elab][dc]") {
    // ngspice 39: res-sweep 1k 4k 7k 10k -> v(2) = 5, 2, 1.25, 0.9090909.
    auto result = runOk("dc_resistor.cir", R"(dc sweep of a resistor
V1 1 0 10
R1 1 2 1k
R2 2 0 1k
.dc R1 1k 10k 3k
.print dc v(2)
.op
.end
)");
    auto table = printTables(result.out).at(0);
    REQUIRE(table.at("res-sweep").size() == 4);
    for (std::size_t i = 0; i < 4; ++i) {
        const double r1 = 1e3 + 3e3 * static_cast<double>(i);
        CHECK(table.at("res-sweep")[i] == r1);
        CHECK_THAT(table.at("v(2)")[i], WithinRel(10.0 * 1e3 / (r1 + 1e3), 1e-8));
    }
    CHECK_THAT(opValue(result.out, "v(2)"), WithinRel(5.0, 1e-8));  // R1 restored after the sweep
}

TEST_CASE("A .dc of a resistor through 0 ohm is an error at the card", "[elab][dc]") {
    auto result = runText("dc_resistor_zero.cir", "t\nV1 1 0 1\nR1 1 0 1k\n.dc R1 -1k 1k 500\n.end\n");
    CHECK(result.exitCode == 1);
    CHECK(result.err.find(result.path + ":4:1: error: DC sweep of resistor 'r1' reaches 0 ohm") != std::string::npos);
}

TEST_CASE("Temperatures at or below absolute zero, and .options temp without a value, are errors", "[elab][temperature]") {
    auto result = runText("temp_below_zero.cir", "t\nV1 1 0 1\nR1 1 0 1k tc1=0.01\n.temp -300\n.op\n.end\n");
    CHECK(result.exitCode == 1);
    CHECK(result.err.find(result.path + ":4:7: error: temperature must be above absolute zero") != std::string::npos);
    result = runText("temp_no_value.cir", "t\nV1 1 0 1\nR1 1 0 1k\n.options temp\n.op\n.end\n");
    CHECK(result.exitCode == 1);
    CHECK(result.err.find("error: expected '=' and a temperature in degC after 'temp'") != std::string::npos);
}

TEST_CASE("An element's temp= replaces the circuit temperature and dtemp= offsets it", "[elab][temperature]") {
    // ngspice 39 at .temp 37: i(v1) = -8.13008e-04 (1k (1 + 0.01 (50 - 27))), i(v2) = -8.33333e-04 (T = 47).
    auto result = runOk("temp_instance.cir", "t\nV1 1 0 1\nR1 1 0 1k tc1=0.01 temp=50\nV2 2 0 1\n"
                                             "R2 2 0 1k tc1=0.01 dtemp=10\n.temp 37\n.op\n.end\n");
    CHECK_THAT(opValue(result.out, "i(v1)"), WithinRel(-1.0 / 1230.0, 1e-8));
    CHECK_THAT(opValue(result.out, "i(v2)"), WithinRel(-1.0 / 1200.0, 1e-8));
}

TEST_CASE(".step of an element value goes through its m= and temperature coefficients", "[elab][step]") {
    // R2 = value * (1 + 0.01 * 100) / 4: 1k -> 500 ohm, 3k -> 1.5k; v(out) = R2 / (1k + R2).
    auto result = runOk("step_scaled.cir", "elem\nV1 in 0 1\nR1 in out 1k\nR2 out 0 1k m=4 tc1=0.01\n.temp 127\n"
                                           ".step R2 list 1k 3k\n.op\n.end\n");
    CHECK(result.out.find("--- step r2=1000 ---\nv(in) = 1\nv(out) = 0.333333333\n") != std::string::npos);
    CHECK(result.out.find("--- step r2=3000 ---\nv(in) = 1\nv(out) = 0.6\n") != std::string::npos);
    // G inside an instance with m=2 and m=3 on the card: gain x 6.
    result = runOk("step_scaled_g.cir", "g\nV1 in 0 1\n.subckt s a o\nG1 0 o a 0 1m m=3\n.ends\nX1 in out s m=2\n"
                                        "R1 out 0 1k\n.step G.X1.G1 list 1m 2m\n.op\n.end\n");
    CHECK(result.out.find("v(out) = 6\n") != std::string::npos);
    CHECK(result.out.find("v(out) = 12\n") != std::string::npos);
}
