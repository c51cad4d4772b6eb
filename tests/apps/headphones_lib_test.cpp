// netlists/lib/headphones.lib, the headphone cords of cables.lib and the headphone amplifier
// outputs of sources.lib against closed forms written out here: the Thiele/Small impedance of
// HP_DYNAMIC, the shared-return crosstalk Rg/(Rt+Rg) of a TRS cord, the divider
// |Z|/|Z+Rout| of an amplifier's output impedance, and the 2x of a bridged output.
#include "tests/support/headphone_impedance.hpp"
#include "tests/support/netlist_runner.hpp"

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

std::string lib(const char* name) {
    return ".include \"" + std::string(CABLESPICE_SOURCE_DIR) + "/netlists/lib/" + name + "\"\n";
}

std::string includes() { return lib("headphones.lib") + lib("cables.lib") + lib("sources.lib"); }

// The value printed for measurement `name`.
double measured(const RunResult& result, const std::string& name) {
    auto at = result.out.find(name + " = ");
    REQUIRE(at != std::string::npos);
    return std::stod(result.out.substr(at + name.size() + 3));
}

double db(double x) { return 20 * std::log10(x); }

} // namespace

TEST_CASE("HP_DYNAMIC: |Z(fs)| = re + re*qms/qes at zero phase, |Z| -> re at low frequency", "[app][headphones]") {
    for (auto [re, fs, qms, qes] : {std::tuple{32.0, 100.0, 2.0, 1.0}, std::tuple{300.0, 90.0, 1.5, 2.25}}) {
        auto text = "hp\n" + includes() + "I1 0 a AC 1\nX1 a 0 HP_DYNAMIC re=" + std::to_string(re) +
                    " le=0 fs=" + std::to_string(fs) + " qms=" + std::to_string(qms) + " qes=" + std::to_string(qes) +
                    "\n.ac lin 1 " + std::to_string(fs) + " " + std::to_string(fs) +
                    "\n.meas ac zfs FIND vm(a) AT=" + std::to_string(fs) + "\n.meas ac pfs FIND vp(a) AT=" +
                    std::to_string(fs) + "\n.end\n";
        auto result = runText("hp_dynamic_fs.cir", text);
        INFO(result.out << result.err);
        REQUIRE(result.exitCode == 0);
        CHECK_THAT(measured(result, "zfs"), WithinRel(re + re * qms / qes, 1e-7));
        CHECK_THAT(measured(result, "pfs"), WithinAbs(0.0, 1e-6));

        auto low = runText("hp_dynamic_low.cir", "hp\n" + includes() + "I1 0 a AC 1\nX1 a 0 HP_DYNAMIC re=" +
                                                     std::to_string(re) + " le=0 fs=" + std::to_string(fs) +
                                                     " qms=" + std::to_string(qms) + " qes=" + std::to_string(qes) +
                                                     "\n.ac lin 1 0.01 0.01\n.meas ac zlow FIND vm(a) AT=0.01\n.end\n");
        REQUIRE(low.exitCode == 0);
        CHECK_THAT(measured(low, "zlow"), WithinRel(re, 1e-5));
    }
}

TEST_CASE("HP_DYN300 follows the Thiele/Small impedance at every frequency", "[app][headphones]") {
    for (double f : {20.0, 90.0, 1e3, 20e3}) {
        auto result = runText("hp_dyn300.cir", "hp\n" + includes() + "I1 0 a AC 1\nX1 a 0 HP_DYN300\n.ac lin 1 " +
                                                   std::to_string(f) + " " + std::to_string(f) +
                                                   "\n.meas ac z FIND vm(a) AT=" + std::to_string(f) + "\n.end\n");
        REQUIRE(result.exitCode == 0);
        CHECK_THAT(measured(result, "z"), WithinRel(std::abs(dynamicImpedance(f, 300, 1e-3, 90, 1.5, 2.25)), 1e-7));
    }
}

TEST_CASE("HP_TRS: shared-return crosstalk is Rg/(Rt+Rg) within 0.01 dB", "[app][headphones]") {
    struct Case {
        double len, rcond, rcontact, load;
        double approx;  // the rounded figure, dB
    };
    // 0.33 ohm shared into 32 ohm (~-40 dB); 1 m of 24 AWG into 47 ohm (~-55 dB).
    for (auto c : {Case{3, 0.1, 0.03, 32, -40}, Case{1, 0.0842, 0, 47, -55}}) {
        auto text = "trs\n" + includes() + "XL 0 al hp_amp_se zout=0 ac=1\nXR 0 ar hp_amp_se zout=0 ac=0\n" +
                    "XC al ar 0 l2 r2 g2 HP_TRS len=" + std::to_string(c.len) + " rcond=" + std::to_string(c.rcond) +
                    " rcontact=" + std::to_string(c.rcontact) + "\nRL l2 g2 " + std::to_string(c.load) + "\nRR r2 g2 " +
                    std::to_string(c.load) + "\n.ac lin 1 20 20\n.meas ac left FIND vdb(l2,g2) AT=20\n"
                    ".meas ac right FIND vdb(r2,g2) AT=20\n.end\n";
        auto result = runText("hp_trs.cir", text);
        INFO(result.out << result.err);
        REQUIRE(result.exitCode == 0);
        const double rg = c.rcond * c.len + c.rcontact;
        const double rt = c.load + c.rcond * c.len + c.rcontact;  // ideal amplifier
        const double expected = db(rg / (rt + rg));
        CHECK_THAT(measured(result, "right") - measured(result, "left"), WithinAbs(expected, 0.01));
        CHECK_THAT(expected, WithinAbs(c.approx, 0.5));
    }
}

TEST_CASE("HP_BAL4 with a bridged amplifier has no shared return: crosstalk below -120 dB", "[app][headphones]") {
    auto result = runText("hp_bal4.cir", "bal\n" + includes() +
                                             "XL 0 lp ln hp_amp_bridged zout=0 ac=1\nXR 0 rp rn hp_amp_bridged zout=0 ac=0\n"
                                             "XC lp ln rp rn lp2 ln2 rp2 rn2 HP_BAL4 len=3\nRL lp2 ln2 32\nRR rp2 rn2 32\n"
                                             ".ac lin 1 1k 1k\n.meas ac left FIND vdb(lp2,ln2) AT=1k\n"
                                             ".meas ac right FIND vdb(rp2,rn2) AT=1k\n.end\n");
    INFO(result.out << result.err);
    REQUIRE(result.exitCode == 0);
    CHECK(measured(result, "right") - measured(result, "left") < -120.0);
}

TEST_CASE("Output impedance: response deviation is the |Z|/|Z+Rout| divider difference", "[app][headphones]") {
    // The damping "1/8 rule": Rout = 120 ohm into a 300 ohm dynamic driver (peak 500 ohm at fs).
    const double rout = 120;
    auto result = runText("hp_damping.cir", "damp\n" + includes() + "XA 0 out hp_amp_se zout=120 ac=1\n"
                                                "XH out 0 HP_DYNAMIC re=300 le=0 fs=90 qms=1.5 qes=2.25\n"
                                                ".ac lin 2 20 90\n.meas ac low FIND vdb(out) AT=20\n"
                                                ".meas ac peak FIND vdb(out) AT=90\n.end\n");
    INFO(result.out << result.err);
    REQUIRE(result.exitCode == 0);
    auto divider = [&](double f) {
        Complex z = dynamicImpedance(f, 300, 0, 90, 1.5, 2.25);
        return db(std::abs(z) / std::abs(z + rout));
    };
    CHECK_THAT(measured(result, "peak") - measured(result, "low"), WithinAbs(divider(90) - divider(20), 1e-4));
    // At fs Z is real (500 ohm): 20 log10(|Z|/(|Z|+Rout)) exactly.
    CHECK_THAT(measured(result, "peak"), WithinAbs(db(500.0 / (500.0 + rout)), 1e-6));
}

TEST_CASE("Bridged output: twice the voltage (+6.02 dB) behind twice the output impedance", "[app][headphones]") {
    const double zout = 2.2, load = 32;
    auto result = runText("hp_bridge.cir", "bridge\n" + includes() + "XS 0 se hp_amp_se zout=2.2 ac=1\nRS se 0 32\n"
                                               "XB 0 bp bn hp_amp_bridged zout=2.2 ac=1\nRB bp bn 32\n.ac lin 1 1k 1k\n"
                                               ".meas ac single FIND vdb(se) AT=1k\n.meas ac bridged FIND vdb(bp,bn) AT=1k\n"
                                               ".end\n");
    INFO(result.out << result.err);
    REQUIRE(result.exitCode == 0);
    CHECK_THAT(measured(result, "single"), WithinAbs(db(load / (load + zout)), 1e-6));
    CHECK_THAT(measured(result, "bridged"), WithinAbs(db(2 * load / (load + 2 * zout)), 1e-6));
}
