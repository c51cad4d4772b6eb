// Skin effect (RS), dielectric loss (GD, TAND) and shield transfer impedance (RT, LT) from the
// netlist: parsing with positioned errors, and the transfer impedance's hum against its closed
// form (README "Frequency-dependent cables").
#include "tests/support/netlist_runner.hpp"
#include "tests/support/print_tables.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <complex>
#include <numbers>
#include <sstream>
#include <string>

using namespace cablespice::testing;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

using Complex = std::complex<double>;
constexpr double kPi = std::numbers::pi;

PrintTable onlyTable(const RunResult& result) {
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    auto tables = printTables(result.out);
    REQUIRE(tables.size() == 1);
    return tables.front();
}

bool has(const RunResult& result, const std::string& text) { return result.err.find(text) != std::string::npos; }

// 1 m of coax in a ground loop: 1 V between the source chassis s1 and the receiver chassis
// (0) drives current along the shield; the centre is tied to s1 through 1 ohm at the source and
// sees 1 Mohm at the receiver, so the inner loop carries no current and its open voltage
// v(c2) - v(s2) is the emf the shield current drives around it: ZT len i_shield, with
// i_shield = -i(vg) (SPICE: the current into the source's + terminal).
Complex humPerShieldCurrent(const std::string& transfer, const std::string& frequency) {
    auto table = onlyTable(runText("transfer_impedance.cir",
                                   "transfer impedance\n"
                                   ".model cx cable (type=coax rleg=0.064 rshield=0.01 ccs=68.9p z0=75 " + transfer +
                                       ")\n"
                                       "vg s1 0 dc 0 ac 1\n"
                                       "rsrc c1 s1 1\n"
                                       "p1 c1 s1 0 c2 0 0 cx len=1 method=exact\n"
                                       "rl c2 0 1meg\n"
                                       ".ac lin 1 " + frequency + " " + frequency +
                                       "\n.print ac vr(c2) vi(c2) ir(vg) ii(vg)\n.end\n"));
    const Complex hum(table.at("vr(c2)")[0], table.at("vi(c2)")[0]);
    const Complex current(table.at("ir(vg)")[0], table.at("ii(vg)")[0]);
    return hum / -current;
}

// A raised-cosine pulse, 1 V peak, 0.4 us wide, starting at 50 ns: its PWL points every 10 ns.
constexpr double kPulseStart = 50e-9, kPulseWidth = 0.4e-6, kPwlStep = 10e-9;

double pulse(double t) {
    const double x = (t - kPulseStart) / kPulseWidth;
    if (x <= 0.0 || x >= 1.0) return 0.0;
    return 0.5 * (1.0 - std::cos(2 * kPi * x));
}

std::string pulsePwl() {
    std::ostringstream points;
    points.precision(17);
    points << "pwl(0 0";
    const int steps = static_cast<int>(std::lround(kPulseWidth / kPwlStep));
    for (int k = 0; k <= steps; ++k) points << " " << kPulseStart + k * kPwlStep << " " << pulse(kPulseStart + k * kPwlStep);
    points << ")";
    return points.str();
}

// The PWL source as the simulator sees it: linear between the points.
double pulseAsPwl(double t) {
    const double k = std::floor((t - kPulseStart) / kPwlStep);
    const double t0 = kPulseStart + k * kPwlStep, t1 = t0 + kPwlStep;
    return pulse(t0) + (pulse(t1) - pulse(t0)) * (t - t0) / kPwlStep;
}

// 100 m, one conductor, R 0.05 ohm/m, L 0.5 uH/m, C 60 pF/m, RS 1.3e-4 ohm/m/sqrt(Hz), GD; 100 ohm
// at both ends: V(b)/E from the ABCD matrix with Z(f) = R + jwL + RS sqrt(f)(1+j), Y = GD f + jwC.
Complex skinLineTransfer(double f, double gd) {
    if (f == 0.0) return 100.0 / (200.0 + 5.0);  // DC: the series resistance 100 x 0.05
    const double w = 2 * kPi * f, root = std::sqrt(f);
    const Complex z(0.05 + 1.3e-4 * root, w * 0.5e-6 + 1.3e-4 * root), y(gd * f, w * 60e-12);
    const Complex gamma = std::sqrt(z * y), zc = std::sqrt(z / y);
    const Complex a = std::cosh(gamma * 100.0), b = zc * std::sinh(gamma * 100.0), c = std::sinh(gamma * 100.0) / zc;
    return 100.0 / (a * 100.0 + b + 100.0 * (c * 100.0 + a));
}

// The far end's response to the pulse by the inverse DFT of the exact transfer times the
// source's spectrum, over a 20.48 us period (the response has died out long before it ends).
class ExactPulseResponse {
public:
    explicit ExactPulseResponse(double gd) {
        std::vector<double> samples(kSamples);
        for (std::size_t n = 0; n < kSamples; ++n) samples[n] = pulseAsPwl(static_cast<double>(n) * kDt);
        for (std::size_t k = 0; k <= kSamples / 2; ++k) {
            Complex sum = 0.0;
            for (std::size_t n = 0; n < kSamples; ++n)
                if (samples[n] != 0.0)
                    sum += samples[n] * std::polar(1.0, -2 * kPi * static_cast<double>(k * n % kSamples) / kSamples);
            spectrum_.push_back(sum * skinLineTransfer(static_cast<double>(k) / kPeriod, gd));
        }
    }

    double at(double t) const {
        double sum = spectrum_.front().real();
        for (std::size_t k = 1; k < kSamples / 2; ++k)
            sum += 2.0 * (spectrum_[k] * std::polar(1.0, 2 * kPi * static_cast<double>(k) * t / kPeriod)).real();
        sum += (spectrum_[kSamples / 2] * std::polar(1.0, kPi * kSamples * t / kPeriod)).real();
        return sum / kSamples;
    }

private:
    static constexpr std::size_t kSamples = 8192;
    static constexpr double kDt = 2.5e-9, kPeriod = kSamples * kDt;
    std::vector<Complex> spectrum_;
};

} // namespace

// The worst difference between the lumped line's transient (200 sections) and the exact
// response, over every fourth printed point, relative to the exact response's peak.
double pulseError(const std::string& gdCard, double gd) {
    auto table = onlyTable(runText("skin_pulse.cir", "skin-effect pulse\n"
                                                     ".model sk cpl length=100 R=0.05 L=0.5u C=60p RS=1.3e-4 " +
                                                         gdCard + "\n"
                                                         "v1 s 0 " + pulsePwl() + "\n"
                                                         "rs s a 100\n"
                                                         "p1 a 0 b 0 sk sections=200\n"
                                                         "rl b 0 100\n"
                                                         ".tran 5n 2.5u 0 5n\n.print tran v(b)\n.end\n"));
    const ExactPulseResponse exact(gd);
    const auto& t = table.at("time");
    const auto& vb = table.at("v(b)");
    double peak = 0.0, worst = 0.0, worstTime = 0.0;
    for (std::size_t i = 0; i < t.size(); ++i) peak = std::max(peak, std::abs(exact.at(t[i])));
    REQUIRE(peak > 0.3);  // about 0.45 V: half the source behind the line's loss
    for (std::size_t i = 0; i < t.size(); i += 4) {
        const double error = std::abs(vb[i] - exact.at(t[i]));
        if (error > worst) {
            worst = error;
            worstTime = t[i];
        }
    }
    UNSCOPED_INFO("peak " << peak << " V, worst error " << worst << " V at t = " << worstTime);
    return worst / peak;
}

TEST_CASE("Skin effect in the transient: a pulse through 100 m matches the inverse FFT of the exact line",
          "[app][cable][skin][tran]") {
    CHECK(pulseError("", 0.0) < 0.005);
}

TEST_CASE("Skin effect and polyethylene's dielectric loss in the transient: the pulse matches the exact line",
          "[app][cable][skin][tran]") {
    // tand 2e-4 (G(f) = w tand C). The exact W-element line (constant C, loss growing as f) is not
    // causal; the lumped line's Debye cells are, and differ from it by about 3 tand of C at the
    // pulse's MHz content (0.06 % here). At tand 1e-3 the same run is 0.55 % off (README).
    const double gd = 2 * kPi * 2e-4 * 60e-12;
    std::ostringstream card;
    card.precision(17);
    card << "GD=" << gd;
    CHECK(pulseError(card.str(), gd) < 0.005);
}

TEST_CASE("Transfer impedance: the shield current's hum is RT + jw LT per metre", "[app][cable][skin]") {
    for (const char* f : {"60", "1meg"}) {
        const double w = 2 * kPi * (std::string(f) == "60" ? 60.0 : 1e6);
        INFO("f = " << f);
        // Defaults: ZT = RSHIELD (today's model); RT = RSHIELD and LT = 0 given explicitly agree.
        const Complex plain = humPerShieldCurrent("", f);
        CHECK(std::abs(plain - Complex(0.01, 0.0)) < 1e-3 * 0.01);
        CHECK(std::abs(humPerShieldCurrent("rt=0.01 lt=0", f) - plain) < 1e-6 * 0.01);
        // A braid: RT = 8 mohm/m, LT = 1 nH/m (6.3 mohm/m of reactance at 1 MHz).
        const Complex braid = humPerShieldCurrent("rt=8m lt=1n", f);
        const Complex expected(0.008, w * 1e-9);
        CHECK(std::abs(braid - expected) < 1e-3 * std::abs(expected));
    }
}

// Passivity in a long run: 100 m with RS and GD (100 sections) driven straight from an ideal
// (lossless) source with the pulse, 100 ohm at the far end, for 20 us while the waves bounce
// between the source's reflection of -1 and the near-match and die out. A passive line never
// gives back more energy than it was given: the energy into its near end, W(t) = int v(a) i dt,
// stays >= 0 at every time, the far load's energy never exceeds it, and everything is spent
// (the far end is quiet) by the end. A fitted cell with a negative element would create energy.
TEST_CASE("Skin effect and dielectric loss in a long transient: the line never creates energy",
          "[app][cable][skin][tran]") {
    auto table = onlyTable(runText("skin_energy.cir", "skin-effect energy\n"
                                                      ".model sk cpl length=100 R=0.05 L=0.5u C=60p RS=1.3e-4 GD=1e-12\n"
                                                      "v1 a 0 " + pulsePwl() + "\n"
                                                      "p1 a 0 b 0 sk sections=100\n"
                                                      "rl b 0 100\n"
                                                      ".tran 5n 20u 0 5n\n.print tran v(a) v(b) i(v1)\n.end\n"));
    const auto& t = table.at("time");
    const auto& va = table.at("v(a)");
    const auto& vb = table.at("v(b)");
    const auto& iv = table.at("i(v1)");
    REQUIRE(t.size() > 3000);
    double intoLine = 0.0, intoLoad = 0.0, peak = 0.0, worstDeficit = 0.0, worstLoadExcess = 0.0;
    for (std::size_t k = 1; k < t.size(); ++k) {
        const double h = t[k] - t[k - 1];
        // SPICE's i(v1) flows into the source's + terminal: the line takes -i(v1) at node a.
        intoLine += 0.5 * h * (-va[k] * iv[k] - va[k - 1] * iv[k - 1]);
        intoLoad += 0.5 * h * (vb[k] * vb[k] + vb[k - 1] * vb[k - 1]) / 100.0;
        peak = std::max(peak, intoLine);
        worstDeficit = std::min(worstDeficit, intoLine);
        worstLoadExcess = std::max(worstLoadExcess, intoLoad - intoLine);
    }
    INFO("peak energy into the line " << peak << " J, into the load " << intoLoad << " J, at the end " << intoLine);
    REQUIRE(peak > 0.0);
    CHECK(worstDeficit > -1e-3 * peak);       // quadrature of the printed 5 ns grid
    CHECK(worstLoadExcess < 1e-3 * peak);
    CHECK(intoLoad > 0.2 * intoLine);         // the load got a real share: the run exercised the line
    double tail = 0.0;
    for (std::size_t k = t.size() - 100; k < t.size(); ++k) tail = std::max(tail, std::abs(vb[k]));
    CHECK(tail < 1e-4);
}

TEST_CASE("RS and GD on a CPL model reach the exact line: the far end matches the closed form", "[app][cable][skin]") {
    // 100 m, one conductor; the transfer of a line between 100 ohm ends from the ABCD matrix
    // with Z = R + jwL + RS sqrt(f)(1+j), Y = G + GD f + jwC (the printed digits limit the check).
    auto table = onlyTable(runText("cpl_skin.cir", "cpl skin\n"
                                                   ".model sk cpl length=100 R=0.05 L=0.5u C=60p RS=1.2e-4 GD=4e-12\n"
                                                   "v1 s 0 dc 0 ac 1\nrs s a 100\n"
                                                   "p1 a 0 b 0 sk method=exact\nrl b 0 100\n"
                                                   ".ac dec 2 10 10meg\n.print ac vr(b) vi(b)\n.end\n"));
    const auto& f = table.at("frequency");
    REQUIRE(f.size() == 13);
    for (std::size_t i = 0; i < f.size(); ++i) {
        INFO("f = " << f[i]);
        const double w = 2 * kPi * f[i], root = std::sqrt(f[i]);
        const Complex z(0.05 + 1.2e-4 * root, w * 0.5e-6 + 1.2e-4 * root), y(4e-12 * f[i], w * 60e-12);
        const Complex gamma = std::sqrt(z * y), zc = std::sqrt(z / y);
        const Complex a = std::cosh(gamma * 100.0), b = zc * std::sinh(gamma * 100.0), c = std::sinh(gamma * 100.0) / zc;
        const Complex expected = 100.0 / (a * 100.0 + b + 100.0 * (c * 100.0 + a));
        const Complex got(table.at("vr(b)")[i], table.at("vi(b)")[i]);
        CHECK(std::abs(got - expected) < 1e-5 * std::abs(expected));
    }
}

TEST_CASE("Skin-effect and transfer-impedance parameters are checked at their text", "[app][cable][skin]") {
    auto result = runText("skin_errors.cir",
                          "skin errors\n"
                          ".model c1 cpl length=10 L=400n C=60p RS=-1e-4\n"
                          ".model c2 cpl length=10 L=400n 100n 400n C=60p -20p 60p GD=1p 1p 1p 1p\n"
                          ".model c3 cable (type=coax rleg=0.06 rshield=0.01 ccs=67p z0=75 rs=-1e-4)\n"
                          ".model c4 cable (type=coax rleg=0.06 rshield=0.01 ccs=67p z0=75 ftand=1k)\n"
                          ".model c5 cable (type=coax rleg=0.06 rshield=0.01 ccs=67p z0=75 lt=-1n)\n"
                          ".model c6 cable (type=coax rleg=0.06 rshield=0.01 ccs=67p z0=75 tand=1e-3)\n"
                          "v1 a 0 dc 0 ac 1\n"
                          "p1 a 0 b1 0 c1\n"
                          "p2 a a 0 b2 b2 0 c2\n"
                          "p3 a 0 0 b3 s3 0 c3 len=1\n"
                          "p4 a 0 0 b4 s4 0 c4 len=1\n"
                          "p5 a 0 0 b5 s5 0 c5 len=1\n"
                          "p6 a 0 0 b6 s6 0 c6 len=1 method=lumped\n"
                          ".model c7 cpl length=10 L=400n C=60p GD=100p\n"
                          "p7 a 0 b7 0 c7\n"
                          ".model c8 cable (type=coax rleg=0.06 rshield=0.5 ccs=67p z0=75 rt=0 lt=1u)\n"
                          "p8 a 0 0 b8 s8 0 c8 len=1\n"
                          ".ac lin 1 1k 1k\n.end\n");
    INFO(result.err);
    CHECK(result.exitCode == 1);
    CHECK(has(result, "skin_errors.cir:2:38: error: model 'c1': RS is not positive semidefinite"));
    CHECK(has(result, "skin_errors.cir:3:57: error: GD= of model 'c2' has 4 values; a line with 2 conductors needs 3 "
                      "values (the upper triangle of a 2x2 matrix, row by row) or 2 diagonal values"));
    CHECK(has(result, "skin_errors.cir:4:65: error: RS= of cable model 'c3' must be >= 0 (ohm/m/sqrt(Hz))"));
    CHECK(has(result, "skin_errors.cir:5:65: error: FTAND= of cable model 'c4' needs TAND="));
    CHECK(has(result, "skin_errors.cir:6:65: error: LT= of cable model 'c5' must be >= 0 (H/m)"));
    // kappa ~ ln(1 GHz / 10 kHz) / pi^2 = 1.2 s: 120 pF/m to take from 60 pF/m.
    CHECK(has(result, "skin_errors.cir:16:1: error: the dielectric loss (GD=, TAND=) is too large for "
                      "method=lumped's causal model: C - 1.2"));
    CHECK(has(result, " GD is not positive definite; use method=exact"));
    CHECK(has(result, "skin_errors.cir:17:1: error: cable model 'c8' gives invalid line matrices: L is not positive "
                      "definite"));
    CHECK(has(result, "(RT=/LT= move the leg-shield terms by RSHIELD-RT and -LT: too far here)"));
    CHECK_FALSE(has(result, "skin_errors.cir:14:"));  // RS and TAND on a lumped cable are fine
}

namespace {

std::string exampleFile(const std::string& name) {
    return std::string(CABLESPICE_SOURCE_DIR) + "/netlists/examples/" + name;
}

// The differential mode of the example's 22 AWG pair (header of skin_effect_loss_delay.cir):
// Z_d = 2 (RLEG + RS sqrt(f)(1+j) + jw LLOOP (1-K)), Y_d = jw (CCC + CCS/2), 100 ohm source,
// 10 kohm load, from the ABCD matrix.
Complex pairLinkTransfer(double f, double length, double rs) {
    const double w = 2 * kPi * f;
    const Complex zd = 2.0 * (Complex(0.0525 + rs * std::sqrt(f), rs * std::sqrt(f) + w * 0.3e-6 * 0.7));
    const Complex yd(0.0, w * (111.5e-12 + 108.3e-12 / 2));
    const Complex gamma = std::sqrt(zd * yd), zc = std::sqrt(zd / yd);
    const Complex a = std::cosh(gamma * length), b = zc * std::sinh(gamma * length), c = std::sinh(gamma * length) / zc;
    return 1e4 / (a * 1e4 + b + 100.0 * (c * 1e4 + a));
}

} // namespace

TEST_CASE("skin_effect_loss_delay.cir: level and group delay at 20 kHz match the differential-mode closed form",
          "[app][cable][skin][example]") {
    auto result = runFile(exampleFile("skin_effect_loss_delay.cir"));
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    struct Link {
        const char* index;
        double length, rs;
    };
    for (const Link& link : {Link{"1", 100, 0}, Link{"2", 100, 1.29e-4}, Link{"3", 1000, 0}, Link{"4", 1000, 1.29e-4}}) {
        INFO("link " << link.index);
        const double level = 20 * std::log10(std::abs(pairLinkTransfer(20e3, link.length, link.rs)));
        const double before = std::arg(pairLinkTransfer(19.99e3, link.length, link.rs));
        const double after = std::arg(pairLinkTransfer(20.01e3, link.length, link.rs));
        const double delay = -(after - before) / (2 * kPi * 20.0);
        CHECK_THAT(opValue(result.out, std::string("level") + link.index), WithinAbs(level, 1e-5));
        CHECK_THAT(opValue(result.out, std::string("delay") + link.index), WithinRel(delay, 1e-5));
    }
    // What the example is about: over 1 km the skin effect adds group delay (1.8 us) and phase.
    CHECK(opValue(result.out, "delay4") - opValue(result.out, "delay3") > 1.5e-6);
}

TEST_CASE("shield_transfer_impedance.cir: braid vs foil hum follows RT at 60 Hz and |RT + jw LT| at 1 MHz",
          "[app][cable][skin][example]") {
    auto result = runFile(exampleFile("shield_transfer_impedance.cir"));
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    auto tables = printTables(result.out);
    REQUIRE(tables.size() == 2);
    // 60 Hz: the shield (RT len) in parallel with the centre path (100 + 0.64 + 10k), behind 0.5 ohm.
    for (auto [shield, column] : {std::pair{0.1, "vdb(in1)"}, std::pair{0.843, "vdb(in2)"}}) {
        const double centre = 100.0 + 0.64 + 10e3;
        const double parallel = 1.0 / (1.0 / shield + 1.0 / centre);
        const double hum = 0.1 * parallel / (0.5 + parallel) * 10e3 / centre;
        INFO(column);
        CHECK_THAT(tables[0].at(column)[0], WithinAbs(20 * std::log10(hum), 0.01));
    }
    // 1 MHz: the same shield current in both (the shield's inductance sets it), so the hums
    // differ by |ZT braid / ZT foil| and the braid's phase leads by arg(ZT braid).
    const Complex ztBraid(0.01, 2 * kPi * 1e6 * 1e-9), ztFoil(0.0843, 0.0);
    const auto& rf = tables[1];
    const double currentRatio = rf.at("im(vshield1)")[0] / rf.at("im(vshield2)")[0];
    CHECK_THAT(currentRatio, WithinRel(1.0, 2e-3));
    CHECK_THAT(rf.at("vdb(in1)")[0] - rf.at("vdb(in2)")[0] - 20 * std::log10(currentRatio),
               WithinAbs(20 * std::log10(std::abs(ztBraid / ztFoil)), 0.1));
    CHECK_THAT(rf.at("vp(in1)")[0] - rf.at("vp(in2)")[0], WithinAbs(std::arg(ztBraid) * 180 / kPi, 1.0));
}
