// Skin effect (RS), dielectric loss (GD, TAND) and shield transfer impedance (RT, LT) from the
// netlist: parsing with positioned errors, and the transfer impedance's hum against its closed
// form (README "Frequency-dependent cables").
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

} // namespace

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
                          ".ac lin 1 1k 1k\n.end\n");
    INFO(result.err);
    CHECK(result.exitCode == 1);
    CHECK(has(result, "skin_errors.cir:2:38: error: model 'c1': RS is not positive semidefinite"));
    CHECK(has(result, "skin_errors.cir:3:57: error: GD= of model 'c2' has 4 values; a line with 2 conductors needs 3 "
                      "values (the upper triangle of a 2x2 matrix, row by row) or 2 diagonal values"));
    CHECK(has(result, "skin_errors.cir:4:65: error: RS= of cable model 'c3' must be >= 0 (ohm/m/sqrt(Hz))"));
    CHECK(has(result, "skin_errors.cir:5:65: error: FTAND= of cable model 'c4' needs TAND="));
    CHECK(has(result, "skin_errors.cir:6:65: error: LT= of cable model 'c5' must be >= 0 (H/m)"));
    CHECK(has(result, "skin_errors.cir:14:34: error: dielectric loss growing with frequency (GD=, TAND= without "
                      "FTAND=) is modelled by method=exact only (.ac and .op)"));
}
