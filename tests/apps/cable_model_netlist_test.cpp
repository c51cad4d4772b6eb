// `.model NAME cable` end to end (netlist -> P element -> analyses) against closed forms: the
// imbalance physics of a shielded pair, shield current (the shield is a conductor), lumped vs
// exact, positioned errors, the cables.lib models and the shield-current example.
#include "tests/support/netlist_runner.hpp"
#include "tests/support/print_tables.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <complex>
#include <numbers>
#include <string>

using namespace cablespice::testing;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

using Complex = std::complex<double>;
constexpr double kPi = std::numbers::pi;

std::string sourceFile(const std::string& relative) { return std::string(CABLESPICE_SOURCE_DIR) + "/" + relative; }

PrintTable onlyTable(const RunResult& result) {
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    auto tables = printTables(result.out);
    REQUIRE(tables.size() == 1);
    return tables.front();
}

// 100 m pair, 100 ohm source legs from a 1 V common-mode source, shield grounded at both ends,
// ideal (open) receiver; `extra` is appended to the P card, `controls` before .end.
std::string imbalanceDeck(const std::string& method, const std::string& extra, const std::string& controls = "") {
    return "cable-model imbalance\n"
           ".model cab cable (type=pair rleg=0 rshield=0.01 ccc=50p ccs=100p lloop=0.5u)\n"
           "vcm cm 0 dc 0 ac 1\n"
           "rsa cm a1 100\n"
           "rsb cm b1 100\n"
           "p1 a1 b1 0 0 a2 b2 0 0 cab len=100 method=" +
           method + " " + extra +
           "\n"
           ".ac dec 1 100 10k\n"
           ".print ac vm(a2,b2)\n" +
           controls + ".end\n";
}

// Two legs (totals over the cable) driven through rs each from 1 V, coupled by ccc, each loaded
// by ci to ground: node equations Ya va - Yc vb = 1/rs, -Yc va + Yb vb = 1/rs with
// Ya = 1/rs + jw(ca + ccc), Yb = 1/rs + jw(cb + ccc), Yc = jw ccc, so
// va - vb = (Yb - Ya) / (rs (Ya Yb - Yc^2)).
Complex capacitiveConversion(double rs, double ca, double cb, double ccc, double f) {
    const Complex jw(0.0, 2 * kPi * f);
    const Complex ya = 1.0 / rs + jw * (ca + ccc), yb = 1.0 / rs + jw * (cb + ccc), yc = jw * ccc;
    return (yb - ya) / (rs * (ya * yb - yc * yc));
}

} // namespace

TEST_CASE("Cable model: leg-to-shield capacitance imbalance converts common mode at 20 dB/decade",
          "[app][cable]") {
    // ccs 100 pF/m x 100 m = 10 nF on leg a, dccs_rel 1.2 % -> 10.12 nF on leg b; ccc 5 nF.
    for (const char* method : {"exact", "lumped"}) {
        INFO(method);
        auto table = onlyTable(runText("cable_model_cimb.cir", imbalanceDeck(method, "dccs_rel=0.012")));
        const auto& f = table.at("frequency");
        const auto& vd = table.at("vm(a2,b2)");
        REQUIRE(f.size() == 3);
        for (std::size_t i = 0; i < f.size(); ++i) {
            INFO("f = " << f[i]);
            CHECK_THAT(vd[i], WithinRel(std::abs(capacitiveConversion(100, 10e-9, 10.12e-9, 5e-9, f[i])), 0.01));
        }
        CHECK_THAT(dB(vd[1]) - dB(vd[0]), WithinAbs(20.0, 0.05));
        // w Rs dC = 2 pi 1k * 100 * 0.12 nF = 7.54e-5 -> -82.45 dB at 1 kHz.
        CHECK_THAT(dB(vd[1]), WithinAbs(-82.45, 0.05));
    }
}

TEST_CASE("Cable model: the same imbalance given absolute, on the instance, or stepped", "[app][cable]") {
    // dccs = 1.2 pF/m (absolute) on the card is the same cable as dccs_rel = 0.012.
    auto absolute = onlyTable(runText("cable_model_cabs.cir", imbalanceDeck("exact", "dccs=1.2p")));
    const double expected = std::abs(capacitiveConversion(100, 10e-9, 10.12e-9, 5e-9, 1e3));
    CHECK_THAT(absolute.at("vm(a2,b2)")[1], WithinRel(expected, 0.01));
    // .step of the instance value through a parameter: 0 gives no conversion at all.
    auto stepped = runText("cable_model_cstep.cir",
                           imbalanceDeck("exact", "dccs_rel={imb}", ".param imb=0\n.step param imb list 0 0.012\n"));
    INFO(stepped.err);
    REQUIRE(stepped.exitCode == 0);
    auto tables = printTables(stepped.out);
    REQUIRE(tables.size() == 2);
    CHECK(tables[0].at("vm(a2,b2)")[1] < 1e-12);
    CHECK_THAT(tables[1].at("vm(a2,b2)")[1], WithinRel(expected, 0.01));
    // .step MODEL(PARAM) steps the model's value.
    auto model = runText("cable_model_mstep.cir", imbalanceDeck("exact", "", ".step cab(dccs_rel) list 0 0.012\n"));
    INFO(model.err);
    REQUIRE(model.exitCode == 0);
    tables = printTables(model.out);
    REQUIRE(tables.size() == 2);
    CHECK(tables[0].at("vm(a2,b2)")[1] < 1e-12);
    CHECK_THAT(tables[1].at("vm(a2,b2)")[1], WithinRel(expected, 0.01));
}

TEST_CASE("Cable model: leg resistance imbalance into a finite receiver converts flat with frequency",
          "[app][cable]") {
    // rleg 0.05 ohm/m x 100 m = 5 ohm, drleg_rel 0.2 -> 6 ohm; 10k per leg to ground.
    const std::string deck = "resistance imbalance\n"
                             ".model cab cable (type=pair rleg=0.05 drleg_rel=0.2 rshield=0.02 ccc=50p ccs=100p "
                             "lloop=0.5u)\n"
                             "vcm cm 0 dc 0 ac 1\n"
                             "rsa cm a1 100\nrsb cm b1 100\n"
                             "p1 a1 b1 0 0 a2 b2 0 0 cab len=100 method=exact\n"
                             "rina a2 0 10k\nrinb b2 0 10k\n"
                             ".ac lin 3 20 200\n"
                             ".print ac vm(a2,b2)\n.end\n";
    auto table = onlyTable(runText("cable_model_rimb.cir", deck));
    const auto& f = table.at("frequency");
    const auto& vd = table.at("vm(a2,b2)");
    REQUIRE(f.size() == 3);
    // Each leg: (Rs + R_leg) into 10k || 10 nF (the cable is electrically short; the leg-leg
    // capacitance carries no current while both legs move together).
    auto leg = [](double series, double f) {
        const Complex z = 1.0 / (1.0 / 10e3 + Complex(0.0, 2 * kPi * f * 10e-9));
        return z / (z + series);
    };
    for (std::size_t i = 0; i < f.size(); ++i) {
        INFO("f = " << f[i]);
        CHECK_THAT(vd[i], WithinRel(std::abs(leg(105, f[i]) - leg(106, f[i])), 0.01));
    }
    // Divider: 10k/10.105k - 10k/10.106k = 9.79e-5 -> -80.18 dB, flat to 0.1 dB over the decade.
    CHECK_THAT(dB(vd[0]), WithinAbs(dB(10e3 / 10105.0 - 10e3 / 10106.0), 0.01));
    CHECK_THAT(dB(vd[2]) - dB(vd[0]), WithinAbs(0.0, 0.1));
}

TEST_CASE("Cable model: ground-loop current along the shield develops I*Rshield at DC", "[app][cable]") {
    // 1 A into the source chassis gs returns through the shield to the receiver chassis (0).
    // With the receiver open no current flows in the legs, so both receiver inputs sit at the
    // source chassis potential: the shield drop 1 A x 0.02 ohm/m x 10 m = 0.2 V, common mode.
    auto result = runText("cable_model_shield_op.cir", "shield current at DC\n"
                                                       ".model cab cable (type=pair rleg=0.03 rshield=0.02 ccc=100p "
                                                       "ccs=200p lloop=0.5u)\n"
                                                       "i1 0 gs dc 1\n"
                                                       "rsa a1 gs 100\nrsb b1 gs 100\n"
                                                       "p1 a1 b1 gs 0 a2 b2 0 0 cab len=10\n"
                                                       ".op\n.end\n");
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    CHECK_THAT(opValue(result.out, "v(gs)"), WithinAbs(0.2, 1e-12));
    CHECK_THAT(opValue(result.out, "v(a2)"), WithinAbs(0.2, 1e-12));
    CHECK_THAT(opValue(result.out, "v(b2)"), WithinAbs(0.2, 1e-12));
}

TEST_CASE("Cable model: at low frequency the receiver's common mode is the shield's resistive drop",
          "[app][cable]") {
    // A ground potential difference vg between the source chassis and the reference drives
    // i_s = vg / (len (Rs + jw Ls)) along the shield. A leg with no current follows the shield
    // at the source end and picks up jw L(leg,shield) len i_s = jw Ls len i_s on the way, so
    // at the receiver v_leg = vg - jw Ls len i_s = vg Rs / (Rs + jw Ls): only the resistive drop
    // arrives (closed shield). Rs = 0.02 ohm/m, Ls = 1 uH/m: corner Rs/(2 pi Ls) = 3.18 kHz.
    for (const char* method : {"exact", "lumped"}) {
        INFO(method);
        auto table = onlyTable(runText("cable_model_shield_ac.cir",
                                       std::string("shield current at AC\n"
                                                   ".model cab cable (type=pair rleg=0.03 rshield=0.02 ccc=100p "
                                                   "ccs=200p lloop=0.5u lshield=1u)\n"
                                                   "vg gs 0 dc 0 ac 1\n"
                                                   "rsa a1 gs 100\nrsb b1 gs 100\n"
                                                   "p1 a1 b1 gs 0 a2 b2 0 0 cab len=10 method=") +
                                           method +
                                           "\n.ac lin 2 50 1050\n"
                                           ".print ac vm(a2) vp(a2) vm(a2,b2)\n.end\n"));
        const auto& f = table.at("frequency");
        REQUIRE(f.size() == 2);
        for (std::size_t i = 0; i < f.size(); ++i) {
            INFO("f = " << f[i]);
            const Complex expected = 0.02 / Complex(0.02, 2 * kPi * f[i] * 1e-6);
            CHECK_THAT(table.at("vm(a2)")[i], WithinRel(std::abs(expected), 1e-3));
            CHECK_THAT(table.at("vp(a2)")[i], WithinAbs(std::arg(expected) * 180 / kPi, 0.2));
            CHECK(table.at("vm(a2,b2)")[i] < 1e-9);  // symmetric legs: no differential
        }
    }
}

TEST_CASE("Cable model: method=lumped converges to method=exact as sections grow", "[app][cable]") {
    // 100 m pair at 1 MHz (about half a wavelength): leg a driven through 50 ohm, leg b through
    // 50 ohm to ground, 100 ohm loads at the far end, shield grounded at both ends.
    std::string deck = "lumped vs exact\n"
                       ".model cab cable (type=pair rleg=0.05 rshield=0.02 ccc=50p ccs=100p z0=100 tand=0.01 ftand=1k)\n"
                       "v1 s 0 dc 0 ac 1\n"
                       "rs s a 50\nrb b 0 50\n";
    const char* variants[] = {"method=exact", "sections=5", "sections=20", "sections=80"};
    for (int i = 0; i < 4; ++i) {
        const std::string n = std::to_string(i);
        deck += "p" + n + " a b 0 0 x" + n + " y" + n + " 0 0 cab len=100 " + variants[i] + "\n";
        deck += "rx" + n + " x" + n + " 0 100\nry" + n + " y" + n + " 0 100\n";
    }
    deck += ".ac lin 1 1meg 1meg\n.print ac vr(x0) vi(x0) vr(x1) vi(x1) vr(x2) vi(x2) vr(x3) vi(x3)\n.end\n";
    auto table = onlyTable(runText("cable_model_converge.cir", deck));
    auto value = [&](int i) {
        const std::string n = std::to_string(i);
        return Complex(table.at("vr(x" + n + ")")[0], table.at("vi(x" + n + ")")[0]);
    };
    const Complex exact = value(0);
    const double e5 = std::abs(value(1) - exact), e20 = std::abs(value(2) - exact), e80 = std::abs(value(3) - exact);
    INFO("errors " << e5 << " " << e20 << " " << e80 << " of " << std::abs(exact));
    // Second-order convergence: 4x the sections, ~16x smaller error.
    CHECK(e20 < e5 / 8);
    CHECK(e80 < e20 / 8);
    CHECK(e80 < 2e-3 * std::abs(exact));
}

TEST_CASE("Cable model errors point at the offending text", "[app][cable]") {
    auto result = runText("cable_model_errors.cir",
                          "bad cables\n"
                          ".model c1 cable (type=pair rleg=0.02 rshiled=0.01 ccc=50p ccs=100p lloop=0.5u)\n"
                          ".model c2 cable (type=pair rleg=0.02 rshield=0.01 ccc=50p ccs=-100p lloop=0.5u)\n"
                          ".model c3 cable (type=triax rleg=0.02)\n"
                          ".model c4 cable (type=coax rleg=0.02 rshield=0.01 ccs=67p z0=75)\n"
                          ".model c5 cable (type=pair rleg=0.02 rshield=0.01 ccc=50p ccs=100p lloop=0.5u z0=110)\n"
                          ".model ok cable (rleg=0.02 rshield=0.01 ccc=50p ccs=100p lloop=0.5u)\n"
                          ".model cp cpl length=10 L=400n 100n 400n C=60p -20p 60p\n"
                          "v1 a 0 1\n"
                          "p1 a 0 0 0 b1 c1 s1 0 c1 len=10\n"
                          "p2 a 0 0 0 b2 c2 s2 0 c2 len=10\n"
                          "p3 a 0 0 0 b3 c3 s3 0 c3 len=10\n"
                          "p4 a 0 0 0 b4 c4 s4 0 c4 len=10\n"
                          "p5 a 0 0 b5 s5 0 c4 len=10 dccs_rel=0.01\n"
                          "p6 a 0 0 0 b6 c6 s6 0 c5 len=10\n"
                          "p7 a 0 0 0 b7 c7 s7 0 ok len=10 dccs_rel=-2\n"
                          "p8 a 0 0 b8 c8 0 cp dccs=1p\n"
                          "p9 a 0 0 0 b9 c9 s9 0 ok len=10 dcs_rel=0.1\n"
                          ".op\n.end\n");
    INFO(result.err);
    CHECK(result.exitCode == 1);
    auto has = [&](const std::string& text) { return result.err.find(text) != std::string::npos; };
    CHECK(has("cable_model_errors.cir:2:38: error: unknown parameter 'rshiled' for a cable model"));
    CHECK(has("cable_model_errors.cir:2:38: note: did you mean 'rshield'?"));
    CHECK(has("cable_model_errors.cir:10:1: note: used by this element"));
    CHECK(has("cable_model_errors.cir:3:59: error: CCS= of cable model 'c2' must be > 0 (F/m)"));
    CHECK(has("cable_model_errors.cir:4:23: error: TYPE= of cable model 'c3' must be PAIR or COAX"));
    CHECK(has("cable_model_errors.cir:13:1: error: cable 'p4' with model 'c4' (TYPE=COAX) needs 6 nodes: c1 s1 ref1 "
              "c2 s2 ref2 (centre, shield, reference at each end); 8 given"));
    CHECK(has("cable_model_errors.cir:14:28: error: 'dccs_rel' applies to TYPE=PAIR cable models only"));
    CHECK(has("cable_model_errors.cir:6:79: error: cable model 'c5' gives both LLOOP= and Z0=; give one"));
    CHECK(has("cable_model_errors.cir:16:33: error: leg b's capacitance to the shield, CCS*(1+DCCS_REL)+DCCS = "
              "-1e-10 F/m, must be > 0"));
    CHECK(has("cable_model_errors.cir:17:21: error: 'dccs' applies to cable models only (model 'cp' is CPL"));
    CHECK(has("cable_model_errors.cir:18:33: error: unknown parameter 'dcs_rel' for coupled line 'p9'"));
    CHECK(has("cable_model_errors.cir:18:33: note: did you mean 'dccs_rel'?"));
}

TEST_CASE("Every model in cables.lib elaborates and passes DC straight through", "[app][cable]") {
    auto result = runText("cable_model_library.cir", "library models\n.include " + sourceFile("netlists/lib/cables.lib") +
                                                         "\n"
                                                         "v1 in 0 dc 1\n"
                                                         "p1 in 0 0 0 b1 c1 s1 0 wp303 len=10\n"
                                                         "p2 in 0 0 0 b2 c2 s2 0 mic_typ len=10\n"
                                                         "p3 in 0 0 0 b3 c3 s3 0 quad09 len=10\n"
                                                         "p4 in 0 0 0 b4 c4 s4 0 belden8451 len=10\n"
                                                         "p5 in 0 0 b5 s5 0 rg59 len=10\n"
                                                         "p6 in 0 0 b6 c6 0 pair22_foil\n"
                                                         "p7 in 0 b7 0 coax75\n"
                                                         "p8 in 0 0 0 b8 c8 s8 0 pair22_3c\n"
                                                         ".op\n.end\n");
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    CHECK(result.err.find("warning") == std::string::npos);
    for (const char* node : {"v(b1)", "v(b2)", "v(b3)", "v(b4)", "v(b5)", "v(b6)", "v(b7)", "v(b8)"})
        CHECK_THAT(opValue(result.out, node), WithinAbs(1.0, 1e-12));  // open far ends: no current
}

TEST_CASE("cable_model_shield_current.cir: the hum matches the hand calculation in its header", "[app][cable]") {
    auto table = onlyTable(runFile(sourceFile("netlists/examples/cable_model_shield_current.cir")));
    // 1. Coax: shield 0.1 ohm || centre path 10100.64 ohm in a 0.5 ohm, 100 mV loop.
    const double shield1 = 1.0 / (1.0 / 0.1 + 1.0 / 10100.64);
    const double gs1 = 0.1 * shield1 / (0.5 + shield1);
    CHECK_THAT(table.at("vm(in1)")[0], WithinRel(gs1 * 10e3 / 10100.64, 1e-4));  // 16.5005 mV
    CHECK_THAT(table.at("vdb(in1)")[0], WithinAbs(-35.650, 1e-3));
    // 2. Pair: shield 0.843 ohm || legs (50.2034 + 20k) and (60.2034 + 20k).
    const double legA = 50.2034 + 20e3, legB = 60.2034 + 20e3;
    const double shield2 = 1.0 / (1.0 / 0.843 + 1.0 / legA + 1.0 / legB);
    const double gs2 = 0.1 * shield2 / (0.5 + shield2);
    CHECK_THAT(table.at("vm(gs2)")[0], WithinRel(gs2, 1e-4));                       // 62.768 mV
    CHECK_THAT(table.at("vm(hot2)")[0], WithinRel(gs2 * 20e3 / legA, 1e-4));        // 62.611 mV
    CHECK_THAT(table.at("vm(out2)")[0], WithinRel(gs2 * 20e3 * (1 / legA - 1 / legB), 1e-3));  // 31.21 uV
}
