// Common-mode to differential conversion of a shielded pair (the hum mechanism of balanced
// audio links), exact and lumped line models against the lumped closed forms: at audio
// frequencies a 100 m cable is electrically short, so each leg is its source resistance
// driving the leg's total capacitance to the shield (and the receiver's input impedance).
#include "solver/devices/mtl_exact_ac.hpp"
#include "solver/devices/mtl_lumped.hpp"
#include "tests/solver/devices/mtl_test_support.hpp"

using namespace cablespice::test;
using namespace cablespice::solver;
using cablespice::SourceRange;

namespace {

constexpr double kLength = 100.0;

// Legs 1 and 2 against the shield (the reference, grounded at both ends).
MtlParameters shieldedPair(double leg1Farads, double leg2Farads) {
    MtlParameters p;
    p.l.resize(2, 2);
    p.l << 0.6e-6, 0.45e-6, 0.45e-6, 0.6e-6;
    p.c = Eigen::MatrixXd::Zero(2, 2);
    p.c(0, 0) = leg1Farads / kLength;
    p.c(1, 1) = leg2Farads / kLength;
    p.r = Eigen::MatrixXd::Zero(2, 2);
    p.g = Eigen::MatrixXd::Zero(2, 2);
    return p;
}

struct Setup {
    double rs1, rs2;          // source leg resistances
    double receiverOhms;      // per leg to the shield; 0 = ideal (infinite) receiver
    double c1, c2;            // leg capacitances to the shield (whole cable)
    bool exact = true;
};

// Differential output at the receiver for 1 V common mode at the source.
Complex conversion(const Setup& s, double f) {
    Circuit c;
    addVoltageSource(c, "vcm", "cm", "0", 0.0, 1.0);
    addResistor(c, "rs1", "cm", "a1", s.rs1);
    addResistor(c, "rs2", "cm", "a2", s.rs2);
    if (s.receiverOhms > 0) {
        addResistor(c, "rin1", "b1", "0", s.receiverOhms);
        addResistor(c, "rin2", "b2", "0", s.receiverOhms);
    }
    const auto p = shieldedPair(s.c1, s.c2);
    if (s.exact)
        c.add<MtlExactAc>("p1", SourceRange{}, nodesOf(c, {"a1", "a2"}), kGround, nodesOf(c, {"b1", "b2"}), kGround, p,
                          kLength);
    else
        c.add<MtlLumped>("p1", SourceRange{}, nodesOf(c, {"a1", "a2"}), kGround, nodesOf(c, {"b1", "b2"}), kGround, p,
                         kLength, 20);
    auto ac = solveAc(c, f);
    return ac.v("b1") - ac.v("b2");
}

// Each leg: Rs_i into (receiver || C_i).
Complex closedForm(const Setup& s, double f) {
    const Complex jw(0.0, 2.0 * std::numbers::pi * f);
    auto leg = [&](double rs, double cap) {
        const Complex yLoad = jw * cap + (s.receiverOhms > 0 ? 1.0 / s.receiverOhms : 0.0);
        return 1.0 / (1.0 + rs * yLoad);
    };
    return leg(s.rs1, s.c1) - leg(s.rs2, s.c2);
}

} // namespace

TEST_CASE("Capacitance imbalance: common-mode conversion rises 20 dB/decade and matches the RC closed form",
          "[mtl][device][imbalance]") {
    for (bool exact : {true, false}) {
        const Setup s{100.0, 100.0, 0.0, 10e-9, 10.12e-9, exact};
        INFO((exact ? "exact" : "lumped"));
        for (double f : {100.0, 1e3, 1e4}) {
            INFO("f = " << f);
            CHECK(std::abs(conversion(s, f) - closedForm(s, f)) < 0.01 * std::abs(closedForm(s, f)));
        }
        const double decade = dB(conversion(s, 1e3)) - dB(conversion(s, 100.0));
        CHECK_THAT(decade, Catch::Matchers::WithinAbs(20.0, 0.05));
        // Magnitude: w Rs dC = 2 pi 1k * 100 * 0.12 nF = 7.5e-5 -> -82.5 dB at 1 kHz.
        CHECK_THAT(dB(conversion(s, 1e3)), Catch::Matchers::WithinAbs(-82.48, 0.05));
    }
}

TEST_CASE("Resistance imbalance into a finite receiver: common-mode conversion is flat and matches the divider",
          "[mtl][device][imbalance]") {
    for (bool exact : {true, false}) {
        const Setup s{100.0, 110.0, 10e3, 10e-9, 10e-9, exact};
        INFO((exact ? "exact" : "lumped"));
        for (double f : {20.0, 100.0, 1e3, 5e3}) {
            INFO("f = " << f);
            CHECK(std::abs(conversion(s, f) - closedForm(s, f)) < 0.01 * std::abs(closedForm(s, f)));
        }
        // Flat while the cable's susceptance is small against the receiver's 1/Rin: below
        // f = 1/(2 pi Rin C) = 1.6 kHz the resistive divider dominates.
        CHECK_THAT(dB(conversion(s, 100.0)) - dB(conversion(s, 20.0)), Catch::Matchers::WithinAbs(0.0, 0.05));
        CHECK_THAT(dB(conversion(s, 200.0)) - dB(conversion(s, 20.0)), Catch::Matchers::WithinAbs(0.0, 0.1));
        // Divider: 10k/10.1k - 10k/10.11k = 9.7947e-4 -> -60.18 dB.
        CHECK_THAT(dB(conversion(s, 100.0)), Catch::Matchers::WithinAbs(-60.18, 0.02));
    }
}
