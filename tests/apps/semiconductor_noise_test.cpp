// .noise of diodes, BJTs and JFETs at their operating point (issue 21), against closed forms of
// circuits built so that each mechanism reaches the output through a known gain: shot noise
// 2q|I|, flicker noise m KF (|I|/m)^AF / f, thermal noise 4kT of an ohmic resistance and the
// JFET channel's 8kT gm/3. Bias currents are set by ideal current sources (or the square law),
// so the expected values need no simulator. reltol=1e-9: at the default 1e-3 Newton stops with
// junction currents ~1e-5 (relative) from the ones the closed forms assume.
#include "tests/support/netlist_runner.hpp"
#include "tests/support/print_tables.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

using namespace cablespice::testing;
using Catch::Matchers::WithinRel;

namespace {

constexpr double kBoltzmann = 1.380649e-23;
constexpr double kCharge = 1.602176634e-19;
constexpr double kKelvin = 300.15;                        // 27 degC
// The junction equations' thermal voltage uses ngspice 39's CODATA 2014 constants (to match its
// operating points digit for digit); the noise formulas use the exact SI values.
constexpr double kVt = 1.38064852e-23 * kKelvin / 1.6021766208e-19;

// The spectrum table (frequency, onoise_spectrum, ..., onoise_NAME per element) of a deck.
PrintTable spectrum(const std::string& name, const std::string& deck) {
    auto result = runText(name, deck);
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    return printTables(result.out).at(0);
}

} // namespace

TEST_CASE("A diode fed 1 mA: sqrt(4kT RS/m + (2qI + m KF (I/m)^AF / f) rd^2) at its anode", "[app][noise]") {
    // Fed by a current source, RS's noise voltage is in series with the output and the
    // junction's noise current flows through rd = n vt / I (m diodes of I/m each in parallel).
    constexpr double kI = 1e-3, kRs = 50.0, kN = 1.3, kKf = 2e-16, kAf = 1.4, kM = 2.0;
    auto table = spectrum("diode_noise.cir", R"(diode noise
I1 0 a dc 1m ac 1
D1 a 0 dx m=2
.model dx D(IS=1e-14 N=1.3 RS=50 KF=2e-16 AF=1.4)
.options noisecontrib reltol=1e-9
.noise v(a) I1 dec 1 1 100k
.end
)");
    const double rd = kN * kVt / kI;
    const auto& frequency = table.at("frequency");
    REQUIRE(frequency.size() == 6);
    for (std::size_t k = 0; k < frequency.size(); ++k) {
        const double junction = 2 * kCharge * kI + kM * kKf * std::pow(kI / kM, kAf) / frequency[k];
        const double expected = std::sqrt(4 * kBoltzmann * kKelvin * kRs / kM + junction * rd * rd);
        INFO("f = " << frequency[k]);
        CHECK_THAT(table.at("onoise_d1")[k], WithinRel(expected, 1e-6));
        CHECK_THAT(table.at("onoise_spectrum")[k], WithinRel(expected, 1e-6));
    }
}

TEST_CASE("A BJT fed 10 uA base current: RL sqrt(2q Ic + BF^2 (2q Ib + m KF (Ib/m)^AF / f)) at its collector", "[app][noise]") {
    // Ideal Gummel-Poon (no Early effect, no leakage): Ic = BF Ib and the base's noise current
    // flows through r_pi, reaching the collector as BF times itself; RL is noiseless. RC and RE
    // sit in series with the transistor's (infinite-impedance) output and its grounded emitter.
    constexpr double kIb = 10e-6, kBf = 100.0, kRl = 1e3, kKf = 1e-14, kAf = 1.2, kM = 2.0;
    auto table = spectrum("bjt_noise.cir", R"(bjt noise
VCC vcc 0 10
IB 0 b dc 10u ac 1
Q1 c b 0 qn m=2
RL vcc c 1k noisy=0
.model qn NPN(IS=1e-15 BF=100 KF=1e-14 AF=1.2)
.options noisecontrib reltol=1e-9
.noise v(c) IB dec 1 1 100k
.end
)");
    const double ic = kBf * kIb;
    const auto& frequency = table.at("frequency");
    REQUIRE(frequency.size() == 6);
    for (std::size_t k = 0; k < frequency.size(); ++k) {
        const double base = 2 * kCharge * kIb + kM * kKf * std::pow(kIb / kM, kAf) / frequency[k];
        const double expected = kRl * std::sqrt(2 * kCharge * ic + kBf * kBf * base);
        INFO("f = " << frequency[k]);
        CHECK_THAT(table.at("onoise_q1")[k], WithinRel(expected, 1e-6));
    }
}

TEST_CASE("A BJT's RB at its base: sqrt(4kT RB + r_pi^2 (2q Ib + KF Ib^AF / f))", "[app][noise]") {
    // The base fed by a current source: RB's noise voltage is in series with the output, and
    // the base's shot and flicker noise current flows through r_pi = vt / Ib (ideal transistor,
    // grounded emitter). RC is in series with the collector's current source: it adds nothing
    // here (nor does the collector's shot noise, but through the ~1e-12 S B-C junction).
    constexpr double kIb = 10e-6, kRb = 200.0, kKf = 1e-14, kAf = 1.2;
    auto table = spectrum("bjt_rb_noise.cir", R"(bjt rb noise
VCC vcc 0 10
IB 0 b dc 10u ac 1
Q1 c b 0 qn
RL vcc c 1k noisy=0
.model qn NPN(IS=1e-15 BF=100 RB=200 RC=10 KF=1e-14 AF=1.2)
.options noisecontrib reltol=1e-9
.noise v(b) IB dec 1 1 100k
.end
)");
    const double rpi = kVt / kIb;
    const auto& frequency = table.at("frequency");
    REQUIRE(frequency.size() == 6);
    for (std::size_t k = 0; k < frequency.size(); ++k) {
        const double base = 2 * kCharge * kIb + kKf * std::pow(kIb, kAf) / frequency[k];
        const double expected = std::sqrt(4 * kBoltzmann * kKelvin * kRb + rpi * rpi * base);
        INFO("f = " << frequency[k]);
        CHECK_THAT(table.at("onoise_q1")[k], WithinRel(expected, 1e-6));
    }
}

TEST_CASE("A JFET at VGS = 0: RL sqrt(8kT gm/3 + m KF (Id/m)^AF / f) at its drain, NLEV=3 with GDSNOI", "[app][noise]") {
    // Square law (B = 1, LAMBDA = 0): Id = BETA VTO^2 and gm = 2 BETA |VTO|, each times m.
    // With NLEV = 3 in saturation the channel's conductance is 2/3 BETA (VGS - VTO) GDSNOI, i.e.
    // GDSNOI gm / 3 (half of NLEV < 3's 2 gm / 3 at GDSNOI = 1).
    constexpr double kBeta = 1e-3, kVto = -2.0, kM = 2.0, kRl = 1e3, kKf = 1e-17, kAf = 1.3, kGdsnoi = 1.5;
    auto deck = [](const std::string& level) {
        return "jfet noise\nVDD vdd 0 15\nVG g 0 dc 0 ac 1\nJ1 d g 0 jn m=2\nRL vdd d 1k noisy=0\n"
               ".model jn NJF(VTO=-2 BETA=1m IS=1e-14 KF=1e-17 AF=1.3 " + level + ")\n"
               ".options noisecontrib reltol=1e-9\n.noise v(d) VG dec 1 1 100k\n.end\n";
    };
    const double id = kM * kBeta * kVto * kVto, gm = kM * 2 * kBeta * -kVto;
    for (const auto& [level, channel] : {std::pair{std::string(""), 2.0 / 3.0 * gm},
                                         std::pair{std::string("NLEV=3 GDSNOI=1.5"), kGdsnoi * gm / 3.0}}) {
        auto table = spectrum("jfet_noise.cir", deck(level));
        const auto& frequency = table.at("frequency");
        REQUIRE(frequency.size() == 6);
        for (std::size_t k = 0; k < frequency.size(); ++k) {
            const double current = 4 * kBoltzmann * kKelvin * channel + kM * kKf * std::pow(id / kM, kAf) / frequency[k];
            INFO(level << " f = " << frequency[k]);
            CHECK_THAT(table.at("onoise_j1")[k], WithinRel(kRl * std::sqrt(current), 1e-6));
        }
    }
}

TEST_CASE("A JFET's RS degenerates its own and the channel's noise, RD adds none", "[app][noise]") {
    // Id = 4 mA is fixed by a current source into the source (AC-grounded by 1 F), so gm =
    // 2 sqrt(BETA Id) (square law). RS's noise voltage e in series with the source gives the
    // drain gm e / (1 + gm RS); the channel's noise current reaches it divided by 1 + gm RS. RD is
    // in series with the channel's current source, so its noise stays inside the device.
    constexpr double kBeta = 1e-3, kId = 4e-3, kRl = 1e3, kRs = 20.0;
    auto table = spectrum("jfet_rd_rs.cir", R"(jfet rd rs
VDD vdd 0 15
VG g 0 dc 0 ac 1
Ibias s 0 dc 4m
CS s 0 1
J1 d g s jn
RL vdd d 1k noisy=0
.model jn NJF(VTO=-2 BETA=1m IS=1e-14 RD=30 RS=20)
.options noisecontrib reltol=1e-9
.noise v(d) VG lin 1 1k 1k
.end
)");
    const double gm = 2 * std::sqrt(kBeta * kId);
    const double fourKT = 4 * kBoltzmann * kKelvin;
    const double drain = (fourKT * kRs * gm * gm + fourKT * 2.0 / 3.0 * gm) / std::pow(1 + gm * kRs, 2);
    // The 1 F across the bias source leaves 1.6e-4 ohm at 1 kHz in series with RS.
    CHECK_THAT(table.at("onoise_j1")[0], WithinRel(kRl * std::sqrt(drain), 1e-5));
}

TEST_CASE("A diode's shot and flicker noise are integrated each on its own: rd^2 (2qI (f2 - f1) + KF I ln(f2/f1))", "[app][noise]") {
    // Each mechanism is a power law (f^0, f^-1) and integrates exactly between points; their sum
    // is none, so integrating the diode's total density would be off by up to ~10 % per decade.
    constexpr double kI = 1e-3, kKf = 1e-16;
    auto result = runText("diode_integral.cir", R"(diode noise integral
I1 0 a dc 1m ac 1
D1 a 0 dx
.model dx D(IS=1e-14 KF=1e-16 AF=1)
.options noisecontrib reltol=1e-9
.noise v(a) I1 dec 1 10 100k
.end
)");
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    const auto integrated = printTables(result.out).at(1);
    const double rd = kVt / kI;
    const double power = rd * rd * (2 * kCharge * kI * (1e5 - 10) + kKf * kI * std::log(1e4));
    CHECK_THAT(integrated.at("onoise_total").at(0), WithinRel(std::sqrt(power), 1e-6));
    CHECK_THAT(integrated.at("onoise_total_d1").at(0), WithinRel(std::sqrt(power), 1e-6));
    CHECK_THAT(integrated.at("inoise_total").at(0), WithinRel(std::sqrt(power) / rd, 1e-6));
}
