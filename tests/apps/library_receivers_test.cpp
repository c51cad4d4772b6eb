// The model libraries netlists/lib/receivers.lib and sources.lib against closed forms.
// Expected values come from the formulas of /work/shared/validation/CASES.md (bridge law,
// B1/B2/B3/B7) or from small hand-solved networks written out here, never from cablespice.
#include "tests/support/netlist_runner.hpp"
#include "tests/support/print_tables.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <complex>
#include <fmt/format.h>
#include <map>
#include <numbers>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

using namespace cablespice::testing;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

using Complex = std::complex<double>;
constexpr double kPi = std::numbers::pi;

std::string libPath(const char* name) { return std::string(CABLESPICE_SOURCE_DIR) + "/netlists/lib/" + name; }

std::string includes() {
    return ".include \"" + libPath("receivers.lib") + "\"\n.include \"" + libPath("sources.lib") + "\"\n";
}

// The ideal-op-amp limit of opamp_lin, for comparisons with CASES.md's ideal receivers.
const char* kIdealOpamp = "a0=1e9 gbw=1e15 rout=1u";




// The `.op` reports of a stepped run, one text block per step point.
std::vector<std::string> stepBlocks(const std::string& out) {
    std::vector<std::string> blocks;
    std::size_t at = out.find("--- step ");
    while (at != std::string::npos) {
        std::size_t next = out.find("--- step ", at + 1);
        blocks.push_back(out.substr(at, next == std::string::npos ? std::string::npos : next - at));
        at = next;
    }
    return blocks;
}

// Whole-line "name = value" lookup inside one step block (opValue needs the line at the start).
double blockValue(const std::string& block, const std::string& name) {
    return opValue(block.substr(block.find('\n') + 1), name);
}

RunResult run(const std::string& name, const std::string& body) {
    auto result = runText(name, "library test " + name + "\n" + includes() + body + ".end\n");
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    return result;
}

// CASES.md bridge law for a unity-gain ideal receiver.
double bridgeAcm(double zcm, double zsp, double zsn) { return zcm * (zsn - zsp) / ((zcm + zsp) * (zcm + zsn)); }

// CASES.md B2/B3: the four-resistor difference amp with source legs zsp (to R3) and zsn (to R1).
struct DiffAmpGains {
    double acm, ad;
};
DiffAmpGains diffAmp(double r1, double r2, double r3, double r4, double zsp = 0, double zsn = 0) {
    double plus = r4 / (r3 + zsp + r4) * (1 + r2 / (r1 + zsn));
    double minus = r2 / (r1 + zsn);
    return {plus - minus, 0.5 * plus + 0.5 * minus};
}

} // namespace

TEST_CASE("Library ideal receiver and 4 x 10k difference amp: same CMRR at 600 ohm imbalance", "[library]") {
    // Each receiver twice: h = ground loop only (Acm), s = differential signal only (Ad).
    auto result = run("lib_b1_b2.cir", fmt::format(R"(.param dr=0
Xgl gs 0 groundloop f0=60 ac=1
Xs1 gs p1 n1 src_bal zo=50 dz={{dr}} ac=0
Xr1 p1 n1 o1h 0 rx_ideal zcm=20k
Xs2 0 p2 n2 src_bal zo=50 dz={{dr}} ac=1
Xr2 p2 n2 o1s 0 rx_ideal zcm=20k
Xs3 gs p3 n3 src_bal zo=50 dz={{dr}} ac=0
Xr3 p3 n3 o2h 0 rx_diffamp r=10k {0}
Xs4 0 p4 n4 src_bal zo=50 dz={{dr}} ac=1
Xr4 p4 n4 o2s 0 rx_diffamp r=10k {0}
.step param dr list 1 10 100 600
.ac lin 1 60 60
.print ac vm(o1h) vm(o1s) vm(o2h) vm(o2s)
)",
                                                   kIdealOpamp));
    auto tables = printTables(result.out);
    REQUIRE(tables.size() == 4);
    const double imbalances[] = {1, 10, 100, 600};
    for (std::size_t i = 0; i < 4; ++i) {
        double dr = imbalances[i];
        INFO("dr = " << dr);
        auto& t = tables[i];
        CHECK_THAT(dB(t["vm(o1h)"][0]), WithinAbs(dB(bridgeAcm(20e3, 50, 50 + dr)), 1e-4));
        CHECK_THAT(dB(t["vm(o2h)"][0]), WithinAbs(dB(diffAmp(10e3, 10e3, 10e3, 10e3, 50, 50 + dr).acm), 1e-4));
        // B1 = B2 identity: CMRR = (4R + Zs+ + Zs-)/(2 dZ) for both.
        double cmrr = dB((40e3 + 100 + dr) / (2 * dr));
        CHECK_THAT(dB(t["vm(o1s)"][0] / t["vm(o1h)"][0]), WithinAbs(cmrr, 1e-4));
        CHECK_THAT(dB(t["vm(o2s)"][0] / t["vm(o2h)"][0]), WithinAbs(cmrr, 1e-4));
    }
    // The numbers CASES.md states for 600 ohm.
    auto& t600 = tables[3];
    CHECK_THAT(dB(t600["vm(o1s)"][0] / t600["vm(o1h)"][0]), WithinAbs(30.6083, 1e-3));
    CHECK_THAT(dB(t600["vm(o1h)"][0]), WithinAbs(-30.7571, 1e-3));
    CHECK_THAT(t600["vm(o1s)"][0], WithinAbs(0.983015, 1e-6));
    CHECK_THAT(dB(t600["vm(o2h)"][0]), WithinAbs(-31.0263, 1e-3));
    CHECK_THAT(t600["vm(o2s)"][0], WithinAbs(0.953017, 1e-6));
}

TEST_CASE("Library difference amp: CMRR vs resistor tolerance at the B3 worst-case corners", "[library]") {
    // Ideal 0-ohm sources; .op with DC drives: Vcm = 1 V on both inputs, +-0.5 V differential.
    auto result = run("lib_b3.cir", fmt::format(R"(.param t=0.01 g=1
Vcm c 0 1
Xcm c c ocm 0 rx_diffamp r=10k g={{g}} t={{t}} {0}
Vp dp 0 0.5
Vn dn 0 -0.5
Xdm dp dn odm 0 rx_diffamp r=10k g={{g}} t={{t}} {0}
Xtrim c c otrim 0 rx_diffamp r1=10k r2=10k r3=10k r4={{10k*1.00005}} {0}
Xtrimd dp dn otrimd 0 rx_diffamp r1=10k r2=10k r3=10k r4={{10k*1.00005}} {0}
.step param t list 0.01 0.001 0.0001
.step param g list 1 10
.op
)",
                                                kIdealOpamp));
    auto blocks = stepBlocks(result.out);
    REQUIRE(blocks.size() == 6);
    const double tolerances[] = {0.01, 0.001, 0.0001};
    for (std::size_t i = 0; i < 6; ++i) {
        double t = tolerances[i / 2], g = (i % 2) ? 10.0 : 1.0;
        INFO("t = " << t << ", g = " << g);
        auto exact = diffAmp(10e3 * (1 + t), g * 10e3 * (1 - t), 10e3 * (1 - t), g * 10e3 * (1 + t));
        double cmrr = dB(blockValue(blocks[i], "v(odm)") / blockValue(blocks[i], "v(ocm)"));
        CHECK_THAT(cmrr, WithinAbs(dB(exact.ad / exact.acm), 0.01));
        if (g == 1.0) CHECK_THAT(cmrr, WithinAbs(dB(1.0 / (2 * t)), 0.01));  // exact for G = 1
    }
    CHECK_THAT(dB(blockValue(blocks[0], "v(odm)") / blockValue(blocks[0], "v(ocm)")), WithinAbs(33.9794, 0.01));
    CHECK_THAT(dB(blockValue(blocks[2], "v(odm)") / blockValue(blocks[2], "v(ocm)")), WithinAbs(53.9794, 0.01));
    CHECK_THAT(dB(blockValue(blocks[4], "v(odm)") / blockValue(blocks[4], "v(ocm)")), WithinAbs(73.9794, 0.01));
    CHECK_THAT(dB(blockValue(blocks[3], "v(odm)") / blockValue(blocks[3], "v(ocm)")), WithinAbs(68.7866, 0.01));
    // 0.005 % ratio mismatch via explicit r1..r4: 92.0415 dB.
    auto trim = diffAmp(10e3, 10e3, 10e3, 10e3 * 1.00005);
    double trimmed = dB(blockValue(blocks[0], "v(otrimd)") / blockValue(blocks[0], "v(otrim)"));
    CHECK_THAT(trimmed, WithinAbs(dB(trim.ad / trim.acm), 0.01));
    CHECK_THAT(trimmed, WithinAbs(92.0415, 0.01));
}

TEST_CASE("Library unbalanced source into balanced inputs reproduces B7", "[library]") {
    auto result = run("lib_b7.cir", fmt::format(R"(Xgl gs 0 groundloop f0=60 ac=1
* a: correct wiring, cold conductor to the source ground at the source end
Xsa gs ha src_unbal zo=100 ac=0
Xra ha gs oa 0 rx_diffamp r=10k {0}
* b: mis-wired, cold input tied to the receiver ground
Xsb gs hb src_unbal zo=100 ac=0
Xrb hb 0 ob 0 rx_diffamp r=10k {0}
* c: signal gain of the correct wiring
Xsc 0 hc src_unbal zo=100 ac=1
Xrc hc 0 oc 0 rx_diffamp r=10k {0}
* d: correct wiring into the bootstrapped receiver (B7 uses 1 mohm for the cold leg)
Rspd gs ipd 100
Rsnd gs ind 0.001
Xrd ipd ind od 0 rx_bootstrap rb=20k boot=0.9999
.ac lin 1 60 60
.print ac vm(oa) vm(ob) vm(oc) vm(od)
)",
                                                kIdealOpamp));
    auto tables = printTables(result.out);
    REQUIRE(tables.size() == 1);
    auto& t = tables[0];
    // Closed forms of the B7 header: 2*10k/20.1k - 1, 2*10k/20.1k, 2*10k/20.1k.
    CHECK_THAT(dB(t["vm(oa)"][0]), WithinAbs(dB(2 * 10e3 / 20.1e3 - 1), 0.001));
    CHECK_THAT(dB(t["vm(ob)"][0]), WithinAbs(dB(2 * 10e3 / 20.1e3), 0.001));
    CHECK_THAT(dB(t["vm(ob)"][0]), WithinAbs(-0.0433, 0.001));
    CHECK_THAT(dB(t["vm(oc)"][0]), WithinAbs(-0.0433212, 0.001));
    CHECK_THAT(dB(t["vm(oa)"][0]), WithinAbs(-46.0639, 0.01));
    // d: node equations of the bootstrapped input, (1 - v)/Zs = (v - b (vp + vn)/2)/rb per leg.
    const double zp = 100, zn = 0.001, rb = 20e3, b = 0.9999;
    double a11 = 1 / zp + (1 - b / 2) / rb, a12 = -b / 2 / rb, a22 = 1 / zn + (1 - b / 2) / rb;
    double det = a11 * a22 - a12 * a12;
    double vp = (a22 / zp - a12 / zn) / det, vn = (a11 / zn - a12 / zp) / det;
    CHECK_THAT(dB(t["vm(od)"][0]), WithinAbs(dB(vp - vn), 0.01));
    CHECK_THAT(dB(t["vm(od)"][0]), WithinAbs(-126.042, 0.05));
}

TEST_CASE("Op-amp macromodel: non-inverting gain and -3 dB bandwidth vs the single-pole closed form", "[library]") {
    // Gain-of-10 stage: Rf = 9k, Rg = 1k. With the output divider k = RL/(RL + rout), RL = Rf + Rg:
    //   H(s) = k a0 / (1 + s/wp + k a0 beta), wp = 2 pi gbw/a0, beta = Rg/(Rf + Rg),
    // so the DC gain is k a0/(1 + k a0 beta) and the -3 dB frequency (gbw/a0)(1 + k a0 beta).
    const double a0 = 1e5, gbw = 1e6, rout = 50, rf = 9e3, rg = 1e3;
    const double beta = rg / (rf + rg), k = (rf + rg) / (rf + rg + rout);
    const double dcGain = k * a0 / (1 + k * a0 * beta);
    const double f3 = gbw / a0 * (1 + k * a0 * beta);
    auto closedLoop = [&](double f) {
        Complex s(0, 2 * kPi * f);
        return k * a0 / (1.0 + s / (2 * kPi * gbw / a0) + k * a0 * beta);
    };
    auto result = run("lib_opamp.cir", fmt::format(R"(.param f=10
V1 in 0 DC 0.1 AC 1
Xu in m out 0 opamp_lin a0={} gbw={} rout={}
Rf out m {}
Rg m 0 {}
.step param f list 10 1k {:.12g} 1meg
.ac lin 1 {{f}} {{f}}
.print ac vm(out) vp(out)
)",
                                                   a0, gbw, rout, rf, rg, f3));
    auto tables = printTables(result.out);
    REQUIRE(tables.size() == 4);
    const double frequencies[] = {10, 1e3, f3, 1e6};
    for (std::size_t i = 0; i < 4; ++i) {
        INFO("f = " << frequencies[i]);
        CHECK_THAT(tables[i]["vm(out)"][0], WithinRel(std::abs(closedLoop(frequencies[i])), 1e-7));
    }
    CHECK_THAT(dB(tables[2]["vm(out)"][0]) - dB(dcGain), WithinAbs(-3.0103, 1e-3));
    CHECK_THAT(dB(tables[0]["vm(out)"][0]), WithinAbs(dB(dcGain), 1e-4));
}

TEST_CASE("Transformer input with k near 1: differential gain and common-mode rejection", "[library]") {
    // Differential transfer driving the primary from an ideal source (CASES-style hand solution):
    //   v(out)/v(in) = j w M rl / (Z1 Z2 + w^2 M^2), Z1 = rp + j w lp, Z2 = rs + rl + j w ls.
    const double lp = 10, ls = 40, rp = 50, rs = 80, rl = 10e3, cps = 50e-12;
    auto transfer = [&](double f, double k) {
        double w = 2 * kPi * f, m = k * std::sqrt(lp * ls);
        Complex z1(rp, w * lp), z2(rs + rl, w * ls);
        return Complex(0, w * m * rl) / (z1 * z2 + w * w * m * m);
    };
    auto result = run("lib_xfmr.cir", fmt::format(R"(.param k=0.9999
V1 in 0 AC 1
Xd in 0 od 0 rx_xfmr lp={0} ls={1} rp={2} rs={3} rl={4} cps={5} k={{k}}
* common mode: 1 V ground loop, 50 / 650 ohm source legs
Xgl gs 0 groundloop f0=60 ac=1
Xs gs p n src_bal zo=50 dz=600 ac=0
Xc p n oc 0 rx_xfmr lp={0} ls={1} rp={2} rs={3} rl={4} cps={5} k={{k}}
.step param k list 0.9999 0.999999
.ac dec 1 10 100k
.print ac vm(od) vp(od) vm(oc)
)",
                                                 lp, ls, rp, rs, rl, cps));
    auto tables = printTables(result.out);
    REQUIRE(tables.size() == 2);
    const double couplings[] = {0.9999, 0.999999};
    for (std::size_t i = 0; i < 2; ++i) {
        double k = couplings[i];
        auto& t = tables[i];
        REQUIRE(t["frequency"].size() == 5);
        for (std::size_t j = 0; j < 5; ++j) {
            double f = t["frequency"][j];
            INFO("k = " << k << ", f = " << f);
            CHECK_THAT(t["vm(od)"][j], WithinRel(std::abs(transfer(f, k)), 1e-6));
            CHECK_THAT(t["vp(od)"][j], WithinAbs(std::arg(transfer(f, k)) * 180 / kPi, 1e-4));
            // Common mode: the primary is an impedance Zin between p and n, cps to ground per leg.
            double w = 2 * kPi * f, m = k * std::sqrt(lp * ls);
            Complex z1(rp, w * lp), z2(rs + rl, w * ls);
            Complex yin = 1.0 / (z1 + w * w * m * m / z2), yc(0, w * cps);
            double gp = 1 / 50.0, gn = 1 / 650.0;
            // [gp + yc + yin, -yin; -yin, gn + yc + yin] [vp; vn] = [gp; gn]
            Complex a11 = gp + yc + yin, a12 = -yin, a22 = gn + yc + yin;
            Complex det = a11 * a22 - a12 * a12;
            Complex vp = (gp * a22 - a12 * gn) / det, vn = (a11 * gn - a12 * gp) / det;
            CHECK_THAT(t["vm(oc)"][j], WithinRel(std::abs((vp - vn) * transfer(f, k)), 1e-5));
        }
        // Near k = 1 the mid-band gain approaches the ideal transformer: n rl/(rl + rs + n^2 rp), n = 2.
        if (k > 0.99999) CHECK_THAT(t["vm(od)"][2], WithinRel(2 * rl / (rl + rs + 4 * rp), 2e-3));
    }
}

TEST_CASE("Library instrumentation amp: gain 1 + 2 rf/rg and the bridge law at its inputs", "[library]") {
    auto result = run("lib_inamp.cir", fmt::format(R"(V1 in 0 AC 1
Xd in 0 od 0 rx_inamp gain1=10 rf=10k zcm=1meg {0}
Xgl gs 0 groundloop f0=60 ac=1
Xs gs p n src_bal zo=50 dz=600 ac=0
Xc p n oc 0 rx_inamp gain1=10 rf=10k zcm=1meg {0}
.ac lin 1 60 60
.print ac vm(od) vm(oc)
)",
                                                   kIdealOpamp));
    auto tables = printTables(result.out);
    REQUIRE(tables.size() == 1);
    CHECK_THAT(tables[0]["vm(od)"][0], WithinRel(10.0, 1e-6));
    CHECK_THAT(tables[0]["vm(oc)"][0], WithinRel(10 * bridgeAcm(1e6, 50, 650), 1e-4));
}

TEST_CASE("Interference sources: magnetic and capacitive coupling vs closed form", "[library]") {
    // mains_mcouple: open-circuit EMF = w m I. mains_ccouple into 1k per leg:
    // v(leg) = Vm j w C R/(1 + j w C R), C = cpm len (1 +- imb/2).
    auto result = run("lib_coupling.cir", R"(Xm a 0 mains_mcouple m=200n lloop=2u imains=10 f0=50
Ropen a 0 1e12
Xc h c 0 mains_ccouple vmains=230 f0=50 cpm=2p len=10 imb=0.1
Rh h 0 1k
Rc c 0 1k
.ac lin 1 50 50
.print ac vm(a) vm(h) vm(c)
)");
    auto tables = printTables(result.out);
    REQUIRE(tables.size() == 1);
    const double w = 2 * kPi * 50;
    CHECK_THAT(tables[0]["vm(a)"][0], WithinRel(w * 200e-9 * 10, 1e-6));
    auto leg = [&](double c) { return std::abs(230.0 * Complex(0, w * c * 1e3) / (1.0 + Complex(0, w * c * 1e3))); };
    CHECK_THAT(tables[0]["vm(h)"][0], WithinRel(leg(2e-12 * 10 * 1.05), 1e-6));
    CHECK_THAT(tables[0]["vm(c)"][0], WithinRel(leg(2e-12 * 10 * 0.95), 1e-6));
}

TEST_CASE("Ground-loop source: fundamental and harmonics in .tran", "[library]") {
    // v(src) - v(rcv) = sqrt2 (v1 sin(w t) + v3 sin(3 w t) + v5 sin(5 w t)), f0 = 50 Hz.
    auto result = run("lib_groundloop.cir", R"(Xgl g 0 groundloop f0=50 v1=1 v3=0.2 v5=0.1
Rl g 0 1k
.tran 0.1m 20m
.print tran v(g)
)");
    auto tables = printTables(result.out);
    REQUIRE(tables.size() == 1);
    auto& time = tables[0]["time"];
    auto& v = tables[0]["v(g)"];
    REQUIRE(time.size() > 100);
    int checked = 0;
    for (std::size_t i = 0; i < time.size(); ++i) {
        double w = 2 * kPi * 50, t = time[i];
        double expected = std::sqrt(2.0) * (std::sin(w * t) + 0.2 * std::sin(3 * w * t) + 0.1 * std::sin(5 * w * t));
        CHECK_THAT(v[i], WithinAbs(expected, 1e-6));
        ++checked;
    }
    CHECK(checked > 100);
}

TEST_CASE("Difference amp with the NE5532 noise preset: output noise at 30 Hz and 1 kHz vs closed form", "[library][noise]") {
    // rx_diffamp, four 10k resistors, ideal-limit op-amp, hot driven by an ideal source, cold at 0.
    // Noise gain 1 + R2/R1 = 2; the + input sees R3 || R4 = R/2. Uncorrelated output powers:
    //   en: (2 en)^2   in at +: (in R/2 * 2)^2   in at -: (in R2)^2
    //   R1, R2: 4kTR each   R3 || R4: 4kT (R/2) * 2^2   -> 4 en^2 + 2 (in R)^2 + 16 kT R.
    // The preset fits the NE5532 datasheet's typical densities at both points exactly (SLOS075):
    // 8 nV and 2.7 pA/sqrt(Hz) at 30 Hz, 5 nV and 0.7 pA/sqrt(Hz) at 1 kHz.
    constexpr double kOhms = 10e3, kBoltzmann = 1.380649e-23, kKelvin = 300.15;
    auto expected = [&](double en, double in) {
        return std::sqrt(4 * en * en + 2 * std::pow(in * kOhms, 2) + 16 * kBoltzmann * kKelvin * kOhms);
    };
    auto deck = [&](const std::string& noise) {
        return fmt::format("V1 hot 0 dc 0 ac 1\nXrx hot 0 out 0 rx_diffamp r=10k {} {}\n"
                           ".noise v(out) V1 lin 2 30 1k\n"
                           ".meas noise n30 FIND onoise_spectrum AT=30\n.meas noise n1k FIND onoise_spectrum AT=1k\n",
                           kIdealOpamp, noise);
    };
    auto ne5532 = run("lib_noise_ne5532.cir", deck("en={ne5532_en} in={ne5532_in} fce={ne5532_fce} fci={ne5532_fci}"));
    CHECK_THAT(opValue(ne5532.out, "n30"), WithinRel(expected(8e-9, 2.7e-12), 1e-6));
    CHECK_THAT(opValue(ne5532.out, "n1k"), WithinRel(expected(5e-9, 0.7e-12), 1e-6));
    // Without en/in the op-amp is noiseless: only the four resistors.
    auto quiet = run("lib_noise_quiet.cir", deck(""));
    CHECK_THAT(opValue(quiet.out, "n1k"), WithinRel(expected(0, 0), 1e-6));
}

TEST_CASE("Difference amp with the OPA1612 and TL072 noise presets: white datasheet densities at 30 Hz and 1 kHz", "[library][noise]") {
    // The same rx_diffamp as above: 4 en^2 + 2 (in R)^2 + 16 kT R at the output. The presets are
    // the datasheets' typical 1 kHz densities with no 1/f corner (SBOS450: 1.1 nV, 1.7 pA/sqrt(Hz);
    // SLOS080: 18 nV, 0.01 pA/sqrt(Hz)), so 30 Hz gives the same.
    constexpr double kOhms = 10e3, kBoltzmann = 1.380649e-23, kKelvin = 300.15;
    auto expected = [&](double en, double in) {
        return std::sqrt(4 * en * en + 2 * std::pow(in * kOhms, 2) + 16 * kBoltzmann * kKelvin * kOhms);
    };
    for (const auto& [part, en, in] : {std::tuple{std::string("opa1612"), 1.1e-9, 1.7e-12},
                                       std::tuple{std::string("tl072"), 18e-9, 0.01e-12}}) {
        auto result = run("lib_noise_" + part + ".cir",
                          fmt::format("V1 hot 0 dc 0 ac 1\nXrx hot 0 out 0 rx_diffamp r=10k {} en={{{p}_en}} in={{{p}_in}} "
                                      "fce={{{p}_fce}} fci={{{p}_fci}}\n.noise v(out) V1 lin 2 30 1k\n"
                                      ".meas noise n30 FIND onoise_spectrum AT=30\n"
                                      ".meas noise n1k FIND onoise_spectrum AT=1k\n",
                                      kIdealOpamp, fmt::arg("p", part)));
        INFO(part);
        CHECK_THAT(opValue(result.out, "n30"), WithinRel(expected(en, in), 1e-6));
        CHECK_THAT(opValue(result.out, "n1k"), WithinRel(expected(en, in), 1e-6));
    }
}
