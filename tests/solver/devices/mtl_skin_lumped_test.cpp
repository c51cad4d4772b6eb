// The lumped line's skin-effect chain (SkinEffectFit in MtlLumped): the fit against sqrt(f)(1+j),
// passivity, and the lumped line's AC against the exact model (the closed-form-checked oracle,
// mtl_frequency_dependent_test.cpp) within 0.1 dB and 1 degree from 10 Hz to 10 MHz.
#include "solver/devices/mtl_exact_ac.hpp"
#include "solver/devices/mtl_lumped.hpp"
#include "solver/devices/skin_effect_fit.hpp"
#include "tests/solver/devices/mtl_test_support.hpp"
#include "tests/support/dense_oracle.hpp"

#include <Eigen/Eigenvalues>

using namespace cablespice::test;
using namespace cablespice::solver;
using cablespice::SourceRange;

namespace {

constexpr double kPi = std::numbers::pi;

std::vector<double> decades(double from, double to, int perDecade) {
    std::vector<double> out;
    for (double e = std::log10(from); e <= std::log10(to) + 1e-9; e += 1.0 / perDecade) out.push_back(std::pow(10.0, e));
    return out;
}

// A 22 AWG audio pair as one loop (the pair's differential mode): 2 x 53 mohm/m, skin effect
// 2 x 1.3e-4 ohm/m/sqrt(Hz) (0.26 ohm/m at 1 MHz), 0.6 uH/m, 50 pF/m (Z0 = 110 ohm).
MtlParameters audioPairLoop() {
    auto p = singleLine(0.106, 0.6e-6, 0.0, 50e-12);
    p.rs = Eigen::MatrixXd::Constant(1, 1, 2.6e-4);
    return p;
}

// Both ends terminated in 110 ohm (matched at high frequency): V(b) / E.
template <typename Line, typename... Extra>
Complex terminatedTransfer(const MtlParameters& p, double length, double f, Extra... extra) {
    Circuit c;
    addVoltageSource(c, "e", "src", "0", 0.0, 1.0);
    addResistor(c, "rs", "src", "a", 110.0);
    addResistor(c, "rl", "b", "0", 110.0);
    c.add<Line>("p1", SourceRange{}, nodesOf(c, {"a"}), kGround, nodesOf(c, {"b"}), kGround, p, length, extra...);
    return solveAc(c, f).v("b");
}

double phaseDegrees(Complex ratio) { return std::arg(ratio) * 180.0 / kPi; }

} // namespace

TEST_CASE("Skin-effect fit: sqrt(f)(1+j) within 0.1 % from 10 Hz to 10 MHz with every cell positive",
          "[mtl][skin][fit]") {
    const SkinEffectFit fit = fitSkinEffect();
    CHECK(fit.passive());
    CHECK(fit.tau.size() <= 20);
    for (double f : decades(10.0, 1e7, 20)) {
        const Complex exact(std::sqrt(f), std::sqrt(f));
        INFO("f = " << f);
        CHECK(std::abs(fit.response(2 * kPi * f) - exact) < 1e-3 * std::abs(exact));
    }
    // A wider band (an .ac to 100 MHz) keeps the accuracy.
    const SkinEffectFit wide = fitSkinEffect(10.0, 1e8);
    CHECK(wide.passive());
    const Complex at100M(1e4, 1e4);
    CHECK(std::abs(wide.response(2 * kPi * 1e8) - at100M) < 1e-3 * std::abs(at100M));
}

TEST_CASE("Skin-effect fit is passive at every frequency: Re h >= 0, h(0) = 0", "[mtl][skin][fit]") {
    const SkinEffectFit fit = fitSkinEffect();
    CHECK(fit.response(0.0) == Complex(0.0, 0.0));
    for (double f : decades(1e-3, 1e12, 4)) CHECK(fit.response(2 * kPi * f).real() >= 0.0);
}

TEST_CASE("Lumped line with skin effect: AC within 0.1 dB and 1 degree of the exact line from 10 Hz to 10 MHz",
          "[mtl][skin]") {
    const auto p = audioPairLoop();
    // 10 m with 60 sections, 100 m with 400 (the ladder's own dispersion, (beta dz)^2/24 of the
    // phase, stays below 1 degree at 10 MHz).
    for (auto [length, sections] : {std::pair{10.0, 60}, std::pair{100.0, 400}}) {
        for (double f : decades(10.0, 1e7, 5)) {
            INFO(length << " m, " << sections << " sections, f = " << f);
            const Complex exact = terminatedTransfer<MtlExactAc>(p, length, f);
            const Complex lumped = terminatedTransfer<MtlLumped>(p, length, f, sections);
            CHECK(std::abs(dB(lumped) - dB(exact)) < 0.1);
            CHECK(std::abs(phaseDegrees(lumped / exact)) < 1.0);
        }
    }
}

TEST_CASE("Lumped line with skin effect converges to the exact line as sections grow", "[mtl][skin]") {
    // 100 m at 2 MHz (more than half a wavelength): error ~ 1/n^2 down to the fit's floor.
    const auto p = audioPairLoop();
    const Complex exact = terminatedTransfer<MtlExactAc>(p, 100.0, 2e6);
    double previous = 0.0;
    for (int sections : {25, 50, 100, 200}) {
        const double error = std::abs(terminatedTransfer<MtlLumped>(p, 100.0, 2e6, sections) - exact) / std::abs(exact);
        INFO(sections << " sections: relative error " << error);
        if (previous > 0.0) CHECK(error < previous / 3.0);
        previous = error;
    }
    CHECK(previous < 2e-3);
}

TEST_CASE("Lumped line with skin effect is passive: Re of its input impedance >= 0 from 1 mHz to 1 GHz",
          "[mtl][skin]") {
    // Two coupled conductors with a full RS matrix (positive definite), far end open and shorted.
    auto p = twoConductorLine();
    p.rs.resize(2, 2);
    p.rs << 2e-4, 0.5e-4, 0.5e-4, 1.5e-4;
    for (const char* far : {"open", "short"}) {
        Circuit c;
        addCurrentSource(c, "i1", "0", "a1", 0.0, 1.0);
        addResistor(c, "ra2", "a2", "0", 50.0);
        if (std::string(far) == "short") addResistor(c, "rb", "b1", "b2", 1e-3);
        addResistor(c, "rb2", "b2", "0", 1e6);
        c.add<MtlLumped>("p1", SourceRange{}, nodesOf(c, {"a1", "a2"}), kGround, nodesOf(c, {"b1", "b2"}), kGround, p,
                         30.0, 20);
        for (double f : decades(1e-3, 1e9, 3)) {
            INFO(far << ", f = " << f);
            CHECK(solveAc(c, f).v("a1").real() >= 0.0);
        }
    }
}

TEST_CASE("Lumped line with skin effect and dielectric loss is stable: every natural frequency has Re <= 0",
          "[mtl][skin][dielectric]") {
    // G x + C dx/dt = 0 has solutions exp(lambda t) with G v = -lambda C v: the pencil's finite
    // eigenvalues must all lie in the closed left half plane (nothing grows without a source).
    auto p = twoConductorLine();
    p.rs.resize(2, 2);
    p.rs << 2e-4, 0.5e-4, 0.5e-4, 1.5e-4;
    p.gd.resize(2, 2);
    p.gd << 2e-12, -0.5e-12, -0.5e-12, 2e-12;
    Circuit c;
    for (const char* n : {"a1", "a2", "b1", "b2"}) addResistor(c, std::string("r") + n, n, "0", 75.0);
    c.add<MtlLumped>("p1", SourceRange{}, nodesOf(c, {"a1", "a2"}), kGround, nodesOf(c, {"b1", "b2"}), kGround, p, 30.0,
                     4);
    c.finalize();
    const Eigen::MatrixXd g = denseMatrix(c.pattern(), c.gConstant());
    const Eigen::MatrixXd cap = denseMatrix(c.pattern(), c.cConstant());
    // G v = -lambda C v with G invertible (a DC path everywhere) is -G^-1 C v = v / lambda: the
    // eigenvalues nu of -G^-1 C are 1/lambda (nu = 0: an infinite lambda, no dynamics), and
    // Re lambda <= 0 exactly when Re nu <= 0. A standard eigenproblem: Eigen's QZ on the pencil
    // itself stopped converging on one machine kind (the same build passed on another).
    Eigen::FullPivLU<Eigen::MatrixXd> gLu(g);
    REQUIRE(gLu.isInvertible());
    const Eigen::MatrixXd reciprocalPencil = -gLu.solve(cap);
    Eigen::EigenSolver<Eigen::MatrixXd> eigen(reciprocalPencil, false);
    REQUIRE(eigen.info() == Eigen::Success);
    const Eigen::VectorXcd nus = eigen.eigenvalues();
    const double largest = nus.cwiseAbs().maxCoeff();
    int finite = 0;
    for (Eigen::Index k = 0; k < nus.size(); ++k) {
        const Complex nu = nus(k);
        if (std::abs(nu) < 1e-12 * largest) continue;  // infinite natural frequency
        ++finite;
        INFO("natural frequency " << 1.0 / nu);
        CHECK(nu.real() <= 1e-9 * std::abs(nu));
    }
    CHECK(finite > 100);  // the fitted cells' states are all dynamic
}
