#include "solver/devices/mtl_exact_ac.hpp"
#include "solver/devices/mtl_lumped.hpp"
#include "tests/solver/devices/mtl_test_support.hpp"

using namespace cablespice::test;
using namespace cablespice::solver;
using cablespice::SourceRange;

namespace {

// Telegrapher ABCD of a single line: V_L/E = Z_L / (A Z_L + B + R_s (C Z_L + D)).
Complex closedFormTransfer(double r, double l, double g, double cap, double length, double rs, double rl, double f) {
    const Complex jw(0.0, 2.0 * std::numbers::pi * f);
    const Complex z = r + jw * l, y = g + jw * cap;
    const Complex gamma = std::sqrt(z * y), zc = std::sqrt(z / y);
    const Complex a = std::cosh(gamma * length), b = zc * std::sinh(gamma * length);
    const Complex cc = std::sinh(gamma * length) / zc, d = a;
    return rl / (a * rl + b + rs * (cc * rl + d));
}

Complex exactTransfer(const MtlParameters& p, double length, double rs, double rl, double f) {
    Circuit c;
    addVoltageSource(c, "e", "src", "0", 0.0, 1.0);
    addResistor(c, "rs", "src", "a", rs);
    addResistor(c, "rl", "b", "0", rl);
    c.add<MtlExactAc>("p1", SourceRange{}, nodesOf(c, {"a"}), kGround, nodesOf(c, {"b"}), kGround, p, length);
    return solveAc(c, f).v("b");
}

} // namespace

TEST_CASE("The exact model of a 1 km telephone pair matches the telegrapher closed form", "[mtl][device]") {
    // 1 km pair: R 56 ohm/km (loop), L 0.6 mH/km, C 45 nF/km, 600 ohm source and load.
    const auto p = singleLine(56e-3, 0.6e-6, 0.0, 45e-12);
    const double at1k = dB(exactTransfer(p, 1000.0, 600.0, 600.0, 1e3));
    const double at10k = dB(exactTransfer(p, 1000.0, 600.0, 600.0, 1e4));
    CHECK_THAT(at1k, Catch::Matchers::WithinAbs(-6.4467, 0.02));
    CHECK_THAT(at10k, Catch::Matchers::WithinAbs(-8.6405, 0.02));
    for (double f : {10.0, 300.0, 3e3, 2e4, 1e5, 1e6}) {
        INFO("f = " << f);
        const Complex expected = closedFormTransfer(56e-3, 0.6e-6, 0.0, 45e-12, 1000.0, 600.0, 600.0, f);
        CHECK(std::abs(exactTransfer(p, 1000.0, 600.0, 600.0, f) - expected) < 1e-9 * std::abs(expected) + 1e-14);
    }
}

TEST_CASE("The exact model at .op is the line's series resistance (no C, G/2 at each end)", "[mtl][device]") {
    const auto p = singleLine(56e-3, 0.6e-6, 0.0, 45e-12);
    Circuit c;
    addVoltageSource(c, "e", "src", "0", 1.0);
    addResistor(c, "rs", "src", "a", 600.0);
    addResistor(c, "rl", "b", "0", 600.0);
    c.add<MtlExactAc>("p1", SourceRange{}, nodesOf(c, {"a"}), kGround, nodesOf(c, {"b"}), kGround, p, 1000.0);
    auto dc = solveDc(c);
    CHECK_THAT(dc.v("b"), Catch::Matchers::WithinRel(600.0 / 1256.0, 1e-12));
}

TEST_CASE("The exact AC stamp replaces the DC stamp instead of adding to it", "[mtl][device]") {
    // A lossless line (R = 0) is a DC short: if the DC stamp leaked into AC, b would be
    // forced to a's voltage at every frequency. At a half wavelength, V(b) = -V(a) instead.
    const auto p = singleLine(0.0, 250e-9, 0.0, 100e-12);  // v = 2e8 m/s, Z0 = 50
    Circuit c;
    addVoltageSource(c, "e", "src", "0", 0.0, 1.0);
    addResistor(c, "rs", "src", "a", 50.0);
    addResistor(c, "rl", "b", "0", 1e3);
    c.add<MtlExactAc>("p1", SourceRange{}, nodesOf(c, {"a"}), kGround, nodesOf(c, {"b"}), kGround, p, 100.0);
    auto ac = solveAc(c, 1e6);  // 100 m = 0.5 wavelength at 1 MHz
    CHECK(std::abs(ac.v("b") + ac.v("a")) < 1e-9);
    CHECK(std::abs(ac.v("a")) > 0.1);
}

TEST_CASE("The exact 2N-port of a reciprocal line is symmetric and its Y11 tends to Yc for long lossy lines",
          "[mtl][device]") {
    Circuit c;
    const auto p = twoConductorLine();
    auto& line = c.add<MtlExactAc>("p1", SourceRange{}, nodesOf(c, {"a1", "a2"}), kGround, nodesOf(c, {"b1", "b2"}),
                                   kGround, p, 1e5);
    const double w = 2.0 * std::numbers::pi * 1e7;
    const Eigen::MatrixXcd y = line.admittance(w);
    CHECK((y - y.transpose()).norm() < 1e-9 * y.norm());
    CHECK(y.topRightCorner(2, 2).norm() < 1e-12 * y.norm());  // exp(-alpha len) underflows, no NaN
    CHECK(y.allFinite());
}

TEST_CASE("The exact pi-equivalent is the admittance form's, and a short line's shunt is Y len / 2", "[mtl][device]") {
    Circuit c;
    const auto p = twoConductorLine();
    auto& line = c.add<MtlExactAc>("p1", SourceRange{}, nodesOf(c, {"a1", "a2"}), kGround, nodesOf(c, {"b1", "b2"}),
                                   kGround, p, 10.0);
    // 10 m at 100 kHz: |gamma len| ~ 0.02, where both forms keep their digits.
    const double w = 2.0 * std::numbers::pi * 1e5;
    REQUIRE(line.electricallyShort(w));
    const auto pi = line.piEquivalent(w);
    const Eigen::MatrixXcd block = line.admittance(w);
    const Eigen::MatrixXcd seriesAdmittance = pi.series.inverse();
    CHECK((block.topRightCorner(2, 2) + seriesAdmittance).norm() <= 1e-9 * seriesAdmittance.norm());
    CHECK((block.topLeftCorner(2, 2) - pi.shunt - seriesAdmittance).norm() <= 1e-9 * block.topLeftCorner(2, 2).norm());
    // Telegrapher's limit for |gamma len| -> 0: Z_s = Z len (1 + (gamma len)^2/6 + ...) and
    // Y_sh = Y len/2 (1 - (gamma len)^2/12 + ...); ||Z Y|| len^2 bounds |gamma len|^2.
    const double slow = 2.0 * std::numbers::pi * 10.0;
    const std::complex<double> jw(0.0, slow);
    const Eigen::MatrixXcd z = p.r.cast<std::complex<double>>() + jw * p.l.cast<std::complex<double>>();
    const Eigen::MatrixXcd y = p.g.cast<std::complex<double>>() + jw * p.c.cast<std::complex<double>>();
    const double gammaLenSquared = (z * y).norm() * 100.0;
    REQUIRE(gammaLenSquared < 1e-3);
    const auto low = line.piEquivalent(slow);
    CHECK((low.series - 10.0 * z).norm() <= 0.25 * gammaLenSquared * (10.0 * z).norm());
    CHECK((low.shunt - 5.0 * y).norm() <= 0.25 * gammaLenSquared * (5.0 * y).norm());
    // A long line at a high frequency uses the admittance form (sinh would overflow).
    CHECK_FALSE(line.electricallyShort(2.0 * std::numbers::pi * 1e9));
}
