// Every netlist in netlists/examples runs, and each example's headline number matches its
// closed form (CASES.md bridge law / B2, or the hand solution quoted in the example's header).
// sweep_imbalance.py: see tests/python/test_examples.py.
#include "tests/support/headphone_impedance.hpp"
#include "tests/support/netlist_runner.hpp"
#include "tests/support/print_tables.hpp"
#include "tests/support/shell_command.hpp"

#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <complex>
#include <cstdio>
#include <filesystem>
#include <map>
#include <numbers>
#include <set>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <vector>

using namespace cablespice::testing;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

using Complex = std::complex<double>;
constexpr double kPi = std::numbers::pi;

std::filesystem::path examplesDir() { return std::filesystem::path(CABLESPICE_SOURCE_DIR) / "netlists" / "examples"; }




RunResult runExample(const std::string& name, cablespice::app::RunOptions options = {}) {
    auto result = runFile((examplesDir() / name).string(), options);
    INFO(name << ":\n" << result.err);
    REQUIRE(result.exitCode == 0);
    return result;
}

double bridgeAcm(double zcm, double zsp, double zsn) { return zcm * (zsn - zsp) / ((zcm + zsp) * (zcm + zsn)); }

// CASES.md B2: 4 x R difference amp, source legs zsp (to R3) and zsn (to R1).
double diffAmpAcm(double r, double zsp, double zsn) {
    return r / (2 * r + zsp) * (1 + r / (r + zsn)) - r / (r + zsn);
}

} // namespace

TEST_CASE("Every example netlist runs and exits 0", "[examples]") {
    // The library examples must run; the others in the folder (other features' examples) too.
    const std::set<std::string> libraryExamples = {"unbalanced_hum.cir",      "balanced_hum.cir",
                                                   "cmrr_vs_imbalance.cir",   "crosstalk_two_pairs.cir",
                                                   "pin1_shield_current.cir", "sweep_link.cir",
                                                   "balanced_vs_unbalanced.cir", "cmrr_cable_imbalance.cir"};
    std::set<std::string> found;
    for (const auto& entry : std::filesystem::directory_iterator(examplesDir())) {
        if (entry.path().extension() != ".cir") continue;
        std::string name = entry.path().filename().string();
        found.insert(name);
        auto result = runFile(entry.path().string());
        INFO(name << ":\n" << result.err);
        CHECK(result.exitCode == 0);
        if (libraryExamples.count(name)) CHECK(result.err.find("warning") == std::string::npos);
    }
    for (const auto& name : libraryExamples) {
        INFO(name);
        CHECK(found.count(name) == 1);
    }
}

TEST_CASE("unbalanced_hum.cir: the ground-loop voltage passes at full level", "[examples]") {
    auto tables = printTables(runExample("unbalanced_hum.cir").out);
    REQUIRE(tables.size() == 2);  // sig = 0 (hum), sig = 1 (signal)
    double hum = tables[0]["vdb(out)"][0], signal = tables[1]["vdb(out)"][0];
    CHECK_THAT(hum, WithinAbs(dB(0.01 * 20e3 / 20.1e3), 1e-3));  // -40.0433 dBV
    CHECK_THAT(signal, WithinAbs(dB(20e3 / 20.1e3), 1e-3));     // -0.0433 dBV
    CHECK_THAT(hum - signal, WithinAbs(-40.0, 1e-3));
}

TEST_CASE("balanced_hum.cir: balancing cancels the hum and 10 ohm imbalance leaves -CMRR", "[examples]") {
    auto tables = printTables(runExample("balanced_hum.cir").out);
    REQUIRE(tables.size() == 4);  // (dz, sig) = (0,0) (0,1) (10,0) (10,1)
    CHECK(tables[0]["vdb(out)"][0] < -140.0);
    double hum = tables[2]["vdb(out)"][0], signal = tables[3]["vdb(out)"][0];
    CHECK_THAT(hum, WithinAbs(dB(0.01 * diffAmpAcm(10e3, 50, 60)), 0.01));  // -106.0942 dBV
    // 10 mV of ground loop against a 1 V signal: -40 dB - CMRR, CMRR = (4R + 110)/(2 * 10) = 66.0445 dB.
    CHECK_THAT(hum - signal, WithinAbs(dB(0.01) - dB((4 * 10e3 + 110) / 20.0), 0.01));  // -106.0445 dB
}

TEST_CASE("cmrr_vs_imbalance.cir: library receivers follow the bridge law", "[examples]") {
    auto tables = printTables(runExample("cmrr_vs_imbalance.cir").out);
    REQUIRE(tables.size() == 5);
    const double imbalances[] = {0, 1, 10, 100, 600};
    CHECK(tables[0]["vdb(o_ideal)"][0] < -200.0);
    for (std::size_t i = 1; i < 5; ++i) {
        double dr = imbalances[i];
        INFO("dr = " << dr);
        CHECK_THAT(tables[i]["vdb(o_ideal)"][0], WithinAbs(dB(bridgeAcm(20e3, 50, 50 + dr)), 1e-3));
    }
    CHECK_THAT(tables[4]["vdb(o_ideal)"][0], WithinAbs(-30.7571, 1e-3));
    CHECK_THAT(tables[4]["vdb(o_diff)"][0], WithinAbs(dB(diffAmpAcm(10e3, 50, 650)), 0.01));  // -31.0263
    CHECK_THAT(tables[4]["vdb(o_inamp)"][0], WithinAbs(dB(bridgeAcm(1e6, 50, 650)), 0.01));   // -64.4431
    // Bootstrapped input (boot 0.9999, rb 20k) at 100 ohm: node equations as in B7 d.
    const double zp = 50, zn = 150, rb = 20e3, b = 0.9999;
    double a11 = 1 / zp + (1 - b / 2) / rb, a12 = -b / 2 / rb, a22 = 1 / zn + (1 - b / 2) / rb;
    double det = a11 * a22 - a12 * a12;
    double vp = (a22 / zp - a12 / zn) / det, vn = (a11 / zn - a12 / zp) / det;
    CHECK_THAT(tables[3]["vdb(o_boot)"][0], WithinAbs(dB(vp - vn), 0.01));  // -126.06
}

TEST_CASE("balanced_vs_unbalanced.cir: the same ground loop is 40 dB below the signal unbalanced and 106 dB balanced",
          "[examples]") {
    auto out = runExample("balanced_vs_unbalanced.cir").out;
    // Unbalanced: the 10 mV ground loop in series with the signal, divider 20k / (20k + 100).
    CHECK_THAT(opValue(out, "hum_unbal"), WithinAbs(dB(0.01 * 20e3 / 20.1e3), 1e-3));  // -40.0433 dBV
    CHECK_THAT(opValue(out, "sig_unbal"), WithinAbs(dB(20e3 / 20.1e3), 1e-3));         // -0.0433 dBV
    CHECK_THAT(opValue(out, "unbal_re_sig"), WithinAbs(-40.0, 1e-3));
    // Balanced: CASES.md B2, 4 x 10k difference amp, Zs+ = 50, Zs- = 60.
    const double r = 10e3, zsp = 50, zsn = 60;
    double ad = 0.5 * (r / (2 * r + zsp) * (1 + r / (r + zsn)) + r / (r + zsn));  // +-0.5 V on the legs
    CHECK_THAT(opValue(out, "hum_bal"), WithinAbs(dB(0.01 * diffAmpAcm(r, zsp, zsn)), 0.002));  // -106.0942 dBV
    CHECK_THAT(opValue(out, "sig_bal"), WithinAbs(dB(ad), 0.002));                              // -0.0498 dBV
    // -40 dB - CMRR, CMRR = (4R + Zs+ + Zs-) / (2 dZ) = 2005.5
    CHECK_THAT(opValue(out, "bal_re_sig"), WithinAbs(-40.0 - dB(2005.5), 0.002));  // -106.0445 dB
    CHECK_THAT(opValue(out, "improvement"), WithinAbs(dB(20e3 / 20.1e3) - dB(diffAmpAcm(r, zsp, zsn)), 0.002));
}

TEST_CASE("cmrr_cable_imbalance.cir: CMRR ~ 1/(w dC Zs) behind a real cable", "[examples][cmrr]") {
    auto out = runExample("cmrr_cable_imbalance.cir").out;
    // "NAME = VALUE cimb=..." per .step point, in point order.
    auto values = [&](const std::string& name) {
        std::vector<double> found;
        std::istringstream lines(out);
        for (std::string line; std::getline(lines, line);)
            if (line.rfind(name + " = ", 0) == 0) found.push_back(std::stod(line.substr(name.size() + 3)));
        return found;
    };
    auto c1k = values("c1k"), cmin = values("cmin"), acm1k = values("acm1k"), adm1k = values("adm1k");
    REQUIRE(c1k.size() == 3);
    REQUIRE(cmin.size() == 3);
    const double imbalance[] = {10e-12, 50e-12, 100e-12};
    for (std::size_t i = 0; i < 3; ++i) {
        INFO("cimb = " << imbalance[i]);
        // Acm ~ j w dC Zs (w dC Zs < 1e-3 here); the cable's ~1 ohm conductors add to Zs = 50
        // (0.2 dB), whatever cables.lib holds for pair22_foil.
        CHECK_THAT(c1k[i], WithinAbs(-dB(2 * kPi * 1e3 * imbalance[i] * 50), 0.3));
        CHECK(c1k[i] < -dB(2 * kPi * 1e3 * imbalance[i] * 50) + 0.01);  // resistance only lowers CMRR
        // 20 kHz is the minimum: 20 log10(20) = 26.02 dB below 1 kHz.
        CHECK_THAT(c1k[i] - cmin[i], WithinAbs(dB(20.0), 0.05));
        CHECK_THAT(acm1k[i] + c1k[i], WithinAbs(dB(adm1k[i]), 1e-6));  // cmrr = |adm| / |acm| in dB
        CHECK_THAT(adm1k[i], WithinAbs(20e3 / 20.05e3, 2e-4));
    }
    // Linear in the imbalance: ten times the capacitance, 20 dB less CMRR.
    CHECK_THAT(c1k[0] - c1k[2], WithinAbs(20.0, 0.02));
}

TEST_CASE("crosstalk_two_pairs.cir: crosstalk follows j w dC / (G + j w C_total)", "[examples]") {
    auto tables = printTables(runExample("crosstalk_two_pairs.cir").out);
    REQUIRE(tables.size() == 1);
    auto& t = tables[0];
    REQUIRE(t["frequency"].size() == 4);
    const double len = 10, ca = 10e-12, cx = 8e-12, cs = 200e-12, cw = 100e-12, g = 1 / 50.0 + 1 / 20e3;
    for (std::size_t i = 0; i < 4; ++i) {
        double w = 2 * kPi * t["frequency"][i];
        Complex ratio = Complex(0, w * (ca - cx) * len) / (g + Complex(0, w * (cs + 2 * cw + ca + cx) * len));
        INFO("f = " << t["frequency"][i]);
        CHECK_THAT(t["vdb(ob)"][i] - t["vdb(oa)"][i], WithinAbs(dB(std::abs(ratio)), 1e-3));
    }
    CHECK_THAT(t["vdb(ob)"][2] - t["vdb(oa)"][2], WithinAbs(-84.0588, 1e-3));  // 10 kHz
}

TEST_CASE("pin1_shield_current.cir: shield current through the internal ground wire becomes hum", "[examples]") {
    auto tables = printTables(runExample("pin1_shield_current.cir").out);
    REQUIRE(tables.size() == 2);  // bad = 0, bad = 1
    const double vgl = 0.1, rloop = 0.5, rsh = 0.48, rint = 0.05, legs = (50 + 20e3) / 2;
    double rshEff = 1 / (1 / rsh + 1 / legs);
    double current = vgl / (rloop + rshEff + rint);
    CHECK_THAT(tables[1]["vm(out)"][0], WithinRel(current * rint, 1e-4));  // 4.8545 mV
    CHECK_THAT(tables[1]["vdb(out)"][0], WithinAbs(-46.277, 0.01));
    CHECK_THAT(tables[1]["im(vshield)"][0], WithinRel(current * legs / (legs + rsh), 1e-4));
    CHECK(tables[0]["vdb(out)"][0] < -120.0);  // pin 1 to chassis: the hum is gone
}

TEST_CASE("sweep_link.cir at zero length is case B2", "[examples]") {
    cablespice::app::RunOptions options;
    options.overrides = {{"dr", "600"}, {"len", "0"}};
    auto tables = printTables(runExample("sweep_link.cir", options).out);
    REQUIRE(tables.size() == 1);
    CHECK_THAT(dB(tables[0]["vm(oh)"][0]), WithinAbs(dB(diffAmpAcm(10e3, 50, 650)), 0.01));
    CHECK_THAT(dB(tables[0]["vm(os)"][0] / tables[0]["vm(oh)"][0]), WithinAbs(dB(40700.0 / 1200.0), 0.01));
}

// sweep_imbalance.py (on the Python module) is tested in tests/python/test_examples.py.

namespace {

// Every value printed for measurement `name`, in .step order.
std::vector<double> measurements(const std::string& out, const std::string& name) {
    std::vector<double> values;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);)
        if (line.rfind(name + " = ", 0) == 0) values.push_back(std::stod(line.substr(name.size() + 3)));
    return values;
}

double onlyMeasurement(const std::string& out, const std::string& name) {
    auto values = measurements(out, name);
    REQUIRE(values.size() == 1);
    return values[0];
}

} // namespace

TEST_CASE("headphone_channel_separation.cir: shared-return crosstalk Zg/(Zt+Zg), TRS vs balanced vs plug-shared",
          "[examples][headphones]") {
    auto out = runExample("headphone_channel_separation.cir").out;
    const Complex j(0, 1);
    auto crosstalk = [&](double f, double sharedR, bool sharedWire) {
        const double w = 2 * kPi * f;
        const Complex wire = 3.0 * (0.0842 + j * w * 0.6e-6);
        const Complex zg = sharedR + (sharedWire ? wire : Complex(0));
        const Complex zt = 0.1 + 0.01 + wire + dynamicImpedance(f, 30, 20e-6, 60, 2, 4) + (sharedWire ? Complex(0) : wire);
        return dB(std::abs(zg / (zt + zg)));
    };
    CHECK_THAT(onlyMeasurement(out, "sep_a1k"), WithinAbs(crosstalk(1e3, 0.01, true), 0.01));    // -41.33 dB
    CHECK_THAT(onlyMeasurement(out, "sep_a100"), WithinAbs(crosstalk(100, 0.01, true), 0.01));   // -42.20 dB
    CHECK_THAT(onlyMeasurement(out, "sep_c1k"), WithinAbs(crosstalk(1e3, 0.01, false), 0.01));  // -69.73 dB
    auto trsInto = [&](Complex z) {
        const Complex wire = 3.0 * (0.0842 + j * 2.0 * kPi * 1e3 * 0.6e-6), zg = 0.01 + wire;
        return dB(std::abs(zg / (0.1 + 0.01 + wire + z + zg)));
    };
    CHECK_THAT(onlyMeasurement(out, "sep_300"), WithinAbs(trsInto(dynamicImpedance(1e3, 300, 1e-3, 90, 1.5, 2.25)), 0.01));
    CHECK_THAT(onlyMeasurement(out, "sep_600"), WithinAbs(trsInto(dynamicImpedance(1e3, 600, 2e-3, 80, 2, 3)), 0.01));
    CHECK_THAT(onlyMeasurement(out, "sep_ba"), WithinAbs(trsInto(baImpedance(1e3)), 0.01));
    // Balanced: capacitive only, w * 90 pF * V/2 * (0.11 + 0.3626 ohm) = -137.5 dB (an estimate).
    CHECK_THAT(onlyMeasurement(out, "sep_b1k"), WithinAbs(dB(2 * kPi * 1e3 * 90e-12 * 0.5 * (0.11 + 0.3626)), 0.5));
}

TEST_CASE("headphone_damping.cir: deviation is the |Z|/|Z+zout| difference", "[examples][headphones]") {
    auto out = runExample("headphone_damping.cir").out;
    const std::vector<double> zouts = {0.1, 2.5, 37.5, 120};
    auto dyn = measurements(out, "dyn_dev"), ba = measurements(out, "ba_dev");
    REQUIRE(dyn.size() == zouts.size());
    REQUIRE(ba.size() == zouts.size());
    for (std::size_t i = 0; i < zouts.size(); ++i) {
        auto divider = [&](Complex z) { return dB(std::abs(z) / std::abs(z + zouts[i])); };
        INFO("zout = " << zouts[i]);
        CHECK_THAT(dyn[i], WithinAbs(divider(dynamicImpedance(100, 300, 1e-3, 90, 1.5, 2.25)) -
                                         divider(dynamicImpedance(1e3, 300, 1e-3, 90, 1.5, 2.25)),
                                     1e-4));
        CHECK_THAT(ba[i], WithinAbs(divider(baImpedance(1e4)) - divider(baImpedance(100)), 1e-4));
    }
}

TEST_CASE("headphone_bridging.cir: +6.02 dB less the doubled output impedance", "[examples][headphones]") {
    auto out = runExample("headphone_bridging.cir").out;
    const std::vector<double> zouts = {0.1, 2.2, 10};
    auto gain = measurements(out, "gain");
    REQUIRE(gain.size() == zouts.size());
    for (std::size_t i = 0; i < zouts.size(); ++i)
        CHECK_THAT(gain[i], WithinAbs(dB(64 / (32 + 2 * zouts[i])) - dB(32 / (32 + zouts[i])), 1e-6));
}

TEST_CASE("headphone_interference.cir: coupled mains hum, TRS vs balanced", "[examples][headphones]") {
    auto out = runExample("headphone_interference.cir").out;
    auto trs = measurements(out, "trs"), bal = measurements(out, "bal");
    REQUIRE(trs.size() == 2);  // imb = 0, 0.2
    REQUIRE(bal.size() == 2);
    const double current = 2 * kPi * 50 * 6e-12 * 230, zh = 0.3626, zg = 0.2626;
    // The estimates neglect the driver in parallel with the conductors (up to 0.15 dB).
    CHECK_THAT(trs[0], WithinAbs(dB(current * (zh - zg)), 0.2));
    CHECK_THAT(trs[1], WithinAbs(dB(current * (1.1 * zh - 0.9 * zg)), 0.2));
    CHECK(bal[0] < -200);
    CHECK_THAT(bal[1], WithinAbs(dB(current * 0.2 * zh), 0.2));
}

TEST_CASE("headphone_hum.cir: ground-loop hum through the TRS shared return, none balanced, and a WAV", "[examples][headphones]") {
    auto wav = examplesDir() / "headphone_hum.wav";
    std::filesystem::remove(wav);
    auto out = runExample("headphone_hum.cir").out;
    // The 50 Hz line of .four: Zeff = Zg || (Z + 0.3626)/2, 0.1 sqrt2 Zeff/(Zeff + 1) Z/(Z + 0.3626).
    const double w = 2 * kPi * 50;
    const Complex j(0, 1);
    const Complex z = dynamicImpedance(50, 30, 20e-6, 60, 2, 4), wire = 3.0 * (0.0842 + j * w * 0.6e-6);
    const Complex zg = 0.01 + wire, zh = 0.1 + 0.01 + wire, branch = (z + zh) / 2.0;
    const Complex zeff = zg * branch / (zg + branch);
    const double hum = std::abs(0.1 * std::sqrt(2.0) * zeff / (zeff + 1.0 + 1e-6) * z / (z + zh));
    auto line = [&](const std::string& vector) {
        auto at = out.find("Fourier analysis for " + vector + ":");
        REQUIRE(at != std::string::npos);
        auto row = out.find("\n 1       50", at);
        REQUIRE(row != std::string::npos);
        return std::stod(out.substr(row + 12));
    };
    CHECK_THAT(line("v(al2,ag2)"), WithinRel(hum, 1e-3));  // 28.87 mV peak
    CHECK(line("v(blp2,bln2)") < 1e-8);                   // ~5 nV: the 10 Mohm leakage only
    REQUIRE(std::filesystem::exists(wav));
    CHECK(std::filesystem::file_size(wav) == 44 + 2 * 2 * 48001);  // 16-bit stereo, 0..1 s at 48 kHz
}

TEST_CASE("diffamp_monte_carlo: 2000 runs of 1 % resistors, none below the B3 worst case", "[examples][random]") {
    auto result = runExample("diffamp_monte_carlo.cir");
    REQUIRE(result.exitCode == 0);
    const std::string marker = "\nc60: count=2000 ";
    auto line = result.out.find(marker);
    REQUIRE(line != std::string::npos);
    auto min = result.out.find(" min=", line);
    REQUIRE(min != std::string::npos);
    CHECK(std::stod(result.out.substr(min + 5)) > 20 * std::log10(1 / (2 * 0.01)));  // 33.9794 dB
}

TEST_CASE("receiver_noise_meas.cir: .meas noise figures of a noiseless-op-amp receiver match the hand solution",
          "[examples][noise]") {
    auto result = runExample("receiver_noise_meas.cir");
    auto measured = [&](const std::string& name, const std::string& step) {
        const std::string label = "\n" + name + " = ";
        for (auto at = result.out.find(label); at != std::string::npos; at = result.out.find(label, at + 1)) {
            const auto end = result.out.find('\n', at + 1);
            if (result.out.compare(end - step.size(), step.size(), step) == 0)
                return std::stod(result.out.substr(at + label.size()));
        }
        FAIL("no " << name << " at " << step);
        return 0.0;
    };
    // The header's solution: white 4kT (R2^2/Ra + R2 + (Ra || R4) G^2) behind the ideal op-amp.
    const double kT4 = 4 * 1.380649e-23 * 300.15, ra = 10150.0, r2 = 10e3, rp = ra * 10e3 / (ra + 10e3);
    const double g = 1 + r2 / ra, density = std::sqrt(kT4 * (r2 * r2 / ra + r2 + rp * g * g));
    const double gain = 10e3 / (ra + 10e3) * g;
    CHECK_THAT(measured("out", "opn=0"), WithinRel(density * std::sqrt(19980.0), 1e-8));
    CHECK_THAT(measured("ein", "opn=0"), WithinRel(density / gain * std::sqrt(19980.0), 1e-8));
    CHECK_THAT(measured("total", "opn=0"), WithinRel(density * std::sqrt(19980.0), 1e-8));
    // 12468.2 Hz: the A-weighted noise bandwidth of 20 Hz-20 kHz (integrated from IEC 61672's curve
    // in tests/apps/noise_meas_test.cpp); the 20-per-decade grid is 0.07 % low in rms (1.4e-3 in power).
    CHECK_THAT(measured("out_a", "opn=0"), WithinRel(density * std::sqrt(12468.2), 1.5e-3));
    CHECK_THAT(measured("snr_a", "opn=0"), WithinAbs(4 - measured("out_a_dbu", "opn=0"), 1e-6));
    CHECK(measured("out", "opn=1") > measured("out", "opn=0"));  // the NE5532 adds its own noise
}
