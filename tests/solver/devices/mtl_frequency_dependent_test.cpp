// Skin effect (RS) and dielectric loss (GD) in the exact line model, against closed forms
// written here from the definitions Z(f) = R + jwL + RS sqrt(f)(1+j), Y(f) = G + GD f + jwC.
#include "solver/devices/mtl_exact_ac.hpp"
#include "tests/solver/devices/mtl_test_support.hpp"

using namespace cablespice::test;
using namespace cablespice::solver;
using cablespice::SourceRange;

namespace {

struct PerMetre {
    Complex z, y;
};

PerMetre wElement(double r, double l, double rs, double g, double gd, double c, double f) {
    const double w = 2.0 * std::numbers::pi * f;
    return {Complex(r + rs * std::sqrt(f), w * l + rs * std::sqrt(f)), Complex(g + gd * f, w * c)};
}

// ABCD of a uniform line: V_L/E = Z_L / (A Z_L + B + R_s (C Z_L + D)).
Complex abcdTransfer(PerMetre line, double length, double rs, double rl) {
    const Complex gamma = std::sqrt(line.z * line.y), zc = std::sqrt(line.z / line.y);
    const Complex a = std::cosh(gamma * length), b = zc * std::sinh(gamma * length);
    const Complex c = std::sinh(gamma * length) / zc;
    return rl / (a * rl + b + rs * (c * rl + a));
}

const double kFrequencies[] = {10.0, 100.0, 1e3, 2e4, 1e5, 1e6, 3e6, 1e7};

Complex exactTransfer(const MtlParameters& p, double length, double rs, double rl, double f) {
    Circuit c;
    addVoltageSource(c, "e", "src", "0", 0.0, 1.0);
    addResistor(c, "rs", "src", "a", rs);
    addResistor(c, "rl", "b", "0", rl);
    c.add<MtlExactAc>("p1", SourceRange{}, nodesOf(c, {"a"}), kGround, nodesOf(c, {"b"}), kGround, p, length);
    return solveAc(c, f).v("b");
}

} // namespace

TEST_CASE("Exact model: one conductor with RS and GD matches the closed-form ABCD line at every frequency",
          "[mtl][device][skin]") {
    // 22 AWG-class pair: 53 mohm/m, skin 1.3e-4 ohm/m/sqrt(Hz) (0.13 ohm/m at 1 MHz), 0.6 uH/m,
    // 50 pF/m, loss tangent 0.01 (GD = 2 pi tand C). 1 m, 100 m, 1 km; 100 ohm in and out.
    const double r = 0.053, l = 0.6e-6, rsPerRootHz = 1.3e-4, c = 50e-12, gd = 2 * std::numbers::pi * 0.01 * c;
    auto p = singleLine(r, l, 1e-9, c);
    p.rs = Eigen::MatrixXd::Constant(1, 1, rsPerRootHz);
    p.gd = Eigen::MatrixXd::Constant(1, 1, gd);
    for (double length : {1.0, 100.0, 1000.0})
        for (double f : kFrequencies) {
            INFO("length " << length << " m, f = " << f);
            const Complex expected = abcdTransfer(wElement(r, l, rsPerRootHz, 1e-9, gd, c, f), length, 100.0, 100.0);
            const Complex got = exactTransfer(p, length, 100.0, 100.0, f);
            CHECK(std::abs(got - expected) <= 1e-6 * std::abs(expected) + 1e-300);
        }
}

TEST_CASE("Exact model: a matched line's loss grows as sqrt(f) once the skin effect dominates",
          "[mtl][device][skin]") {
    // R = 0, G = 0, GD = 0: alpha = Re(gamma), and for RS sqrt(f) << wL,
    // alpha ~ RS sqrt(f) / (2 Z0) nepers per metre with Z0 = sqrt(L/C) (the low-loss limit).
    const double l = 0.25e-6, c = 100e-12, rsPerRootHz = 1e-4, z0 = std::sqrt(l / c), length = 100.0;
    auto p = singleLine(0.0, l, 0.0, c);
    p.rs = Eigen::MatrixXd::Constant(1, 1, rsPerRootHz);
    for (double f : {1e5, 1e6, 1e7, 1e8}) {
        INFO("f = " << f);
        // Terminated in its own characteristic impedance (at this f) from a matched source:
        // V_L / E = exp(-gamma len) / 2 exactly.
        const PerMetre line = wElement(0.0, l, rsPerRootHz, 0.0, 0.0, c, f);
        const Complex zc = std::sqrt(line.z / line.y), gamma = std::sqrt(line.z * line.y);
        Circuit circuit;
        addVoltageSource(circuit, "e", "src", "0", 0.0, 1.0);
        // A complex termination is an R and an L or C in series; use the line's own Zc at f
        // through a series R + C (Im Zc < 0 here).
        REQUIRE(zc.imag() < 0.0);
        const double w = 2 * std::numbers::pi * f;
        addResistor(circuit, "rs", "src", "m", zc.real());
        addCapacitor(circuit, "cs", "m", "a", -1.0 / (w * zc.imag()));
        addResistor(circuit, "rl", "b", "n", zc.real());
        addCapacitor(circuit, "cl", "n", "0", -1.0 / (w * zc.imag()));
        circuit.add<MtlExactAc>("p1", SourceRange{}, nodesOf(circuit, {"a"}), kGround, nodesOf(circuit, {"b"}), kGround, p,
                                length);
        const Complex vb = solveAc(circuit, f).v("b");
        CHECK(std::abs(vb - 0.5 * std::exp(-gamma * length)) < 1e-9);
        // The low-loss limit is within 1 % from 10 MHz on (second-order terms in RS sqrt(f)/wL).
        if (f < 1e7) continue;
        const double nepersPerMetre = -std::log(std::abs(2.0 * vb)) / length;
        CHECK_THAT(nepersPerMetre, Catch::Matchers::WithinRel(rsPerRootHz * std::sqrt(f) / (2 * z0), 0.012));
    }
}

TEST_CASE("Exact model: a symmetric two-conductor line with RS and GD matrices splits into its even and odd modes",
          "[mtl][device][skin]") {
    // Symmetric terminations decouple the modes exactly: even mode Z11 + Z12, Y11 + Y12
    // (Maxwell C: the self term plus the negative mutual), odd mode Z11 - Z12, Y11 - Y12.
    // Conductor 1 driven, conductor 2's source 0 V: each mode sees E/2.
    MtlParameters p = twoConductorLine();
    p.rs.resize(2, 2);
    p.rs << 1.5e-4, 0.3e-4, 0.3e-4, 1.5e-4;
    p.gd.resize(2, 2);
    p.gd << 4e-13, -1e-13, -1e-13, 4e-13;
    const double length = 150.0, rs = 60.0, rl = 200.0;
    for (double f : kFrequencies) {
        INFO("f = " << f);
        auto mode = [&](double sign) {
            return wElement(p.r(0, 0) + sign * p.r(0, 1), p.l(0, 0) + sign * p.l(0, 1), p.rs(0, 0) + sign * p.rs(0, 1),
                            p.g(0, 0) + sign * p.g(0, 1), p.gd(0, 0) + sign * p.gd(0, 1), p.c(0, 0) + sign * p.c(0, 1), f);
        };
        const Complex even = abcdTransfer(mode(+1), length, rs, rl), odd = abcdTransfer(mode(-1), length, rs, rl);
        Circuit c;
        addVoltageSource(c, "e", "src", "0", 0.0, 1.0);
        addResistor(c, "rs1", "src", "a1", rs);
        addResistor(c, "rs2", "a2", "0", rs);
        addResistor(c, "rl1", "b1", "0", rl);
        addResistor(c, "rl2", "b2", "0", rl);
        c.add<MtlExactAc>("p1", SourceRange{}, nodesOf(c, {"a1", "a2"}), kGround, nodesOf(c, {"b1", "b2"}), kGround, p,
                          length);
        const auto ac = solveAc(c, f);
        const Complex driven = 0.5 * (even + odd), victim = 0.5 * (even - odd);
        CHECK(std::abs(ac.v("b1") - driven) <= 1e-6 * std::abs(driven));
        CHECK(std::abs(ac.v("b2") - victim) <= 1e-6 * std::abs(victim) + 1e-12 * std::abs(driven));
    }
}

TEST_CASE("Skin effect and dielectric loss vanish at DC and pass the parameter checks only when passive",
          "[mtl][device][skin]") {
    auto p = singleLine(0.05, 0.5e-6, 0.0, 80e-12);
    p.rs = Eigen::MatrixXd::Constant(1, 1, 1e-4);
    p.gd = Eigen::MatrixXd::Constant(1, 1, 1e-12);
    CHECK(p.frequencyDependent());
    CHECK(seriesImpedancePerMetre(p, 0.0)(0, 0) == Complex(0.05, 0.0));
    CHECK(shuntAdmittancePerMetre(p, 0.0)(0, 0) == Complex(0.0, 0.0));
    CHECK_FALSE(checkMtlParameters(p).has_value());
    auto twoByTwo = twoConductorLine();
    twoByTwo.rs.resize(2, 2);
    twoByTwo.rs << 1e-4, 2e-4, 2e-4, 1e-4;  // indefinite: a mode with negative skin resistance
    REQUIRE(checkMtlParameters(twoByTwo).has_value());
    CHECK(*checkMtlParameters(twoByTwo) == "RS is not positive semidefinite");
    twoByTwo.rs = Eigen::MatrixXd::Identity(3, 3);
    CHECK(*checkMtlParameters(twoByTwo) == "RS must be 2x2");
}
