// The lumped line's dielectric-loss cells (DielectricLossFit in MtlLumped): the fit against GD f,
// the causality bound it documents, passivity, and the lumped line's AC against the exact model.
#include "solver/devices/dielectric_loss_fit.hpp"
#include "solver/devices/mtl_exact_ac.hpp"
#include "solver/devices/mtl_lumped.hpp"
#include "tests/solver/devices/mtl_test_support.hpp"

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

// The audio pair of mtl_skin_lumped_test.cpp with a loss tangent: GD = 2 pi tand C.
MtlParameters lossyPairLoop(double tand) {
    auto p = singleLine(0.106, 0.6e-6, 0.0, 50e-12);
    p.rs = Eigen::MatrixXd::Constant(1, 1, 2.6e-4);
    p.gd = Eigen::MatrixXd::Constant(1, 1, 2 * kPi * tand * 50e-12);
    return p;
}

template <typename Line, typename... Extra>
Complex terminatedTransfer(const MtlParameters& p, double length, double f, Extra... extra) {
    Circuit c;
    addVoltageSource(c, "e", "src", "0", 0.0, 1.0);
    addResistor(c, "rs", "src", "a", 110.0);
    addResistor(c, "rl", "b", "0", 110.0);
    c.add<Line>("p1", SourceRange{}, nodesOf(c, {"a"}), kGround, nodesOf(c, {"b"}), kGround, p, length, extra...);
    return solveAc(c, f).v("b");
}

} // namespace

TEST_CASE("Dielectric-loss fit: Re = f within 0.5 % from 10 Hz to 10 MHz, every cell positive", "[mtl][dielectric][fit]") {
    const DielectricLossFit fit = fitDielectricLoss(10.0, 1e7);
    CHECK(fit.passive());
    for (double f : decades(10.0, 1e7, 20)) {
        INFO("f = " << f);
        const Complex d = fit.response(2 * kPi * f);
        CHECK(std::abs(d.real() - f) < 5e-3 * f);
        // The capacitance a causal loss adds falls as ln(1/f)/pi^2 per unit GD; centred, it stays
        // within ln(1e6)/(2 pi^2) = 0.70 (Kramers-Kronig: the part no causal fit removes).
        CHECK(std::abs(d.imag() / (2 * kPi * f)) < std::log(1e6) / (2 * kPi * kPi) * 1.02);
    }
    CHECK(std::abs(fit.response(2 * kPi * 1e4).imag()) < 1e-9);  // removed at the centre
}

TEST_CASE("Dielectric-loss cells are passive: Re >= 0 at every frequency, nothing at DC", "[mtl][dielectric][fit]") {
    const DielectricLossFit fit = fitDielectricLoss(10.0, 1e7);
    CHECK(fit.response(0.0) == Complex(0.0, 0.0));
    for (double f : decades(1e-3, 1e12, 4)) CHECK(fit.response(2 * kPi * f).real() >= 0.0);
}

TEST_CASE("Lumped line with skin effect and dielectric loss: AC within 0.1 dB and 1 degree of the exact line",
          "[mtl][dielectric]") {
    // 10 m with tand 1e-3 (60 sections); 100 m with polyethylene's tand 2e-4 (800 sections). The
    // causal cells' capacitance error, +-4.4 tand of C (dielectric_loss_fit.hpp), moves the
    // phase by 2.2 tand of beta len: 0.4 degree for the first at 10 MHz, 0.4 for the second.
    struct Case {
        double tand, length;
        int sections;
    };
    for (const Case& c : {Case{1e-3, 10.0, 60}, Case{2e-4, 100.0, 800}}) {
        const auto p = lossyPairLoop(c.tand);
        for (double f : decades(10.0, 1e7, 5)) {
            INFO("tand " << c.tand << ", " << c.length << " m, " << c.sections << " sections, f = " << f);
            const Complex exact = terminatedTransfer<MtlExactAc>(p, c.length, f);
            const Complex lumped = terminatedTransfer<MtlLumped>(p, c.length, f, c.sections);
            CHECK(std::abs(dB(lumped) - dB(exact)) < 0.1);
            CHECK(std::abs(std::arg(lumped / exact)) * 180 / kPi < 1.0);
        }
    }
}

TEST_CASE("Lumped line's dielectric loss: an open 1 m line's input conductance is GD f len", "[mtl][dielectric]") {
    // Electrically short and lossless in series (R = 0): Y_in = Yc tanh(gamma len) ~ Y len, so
    // Re Y_in = GD f len to (beta len)^2; the exact model gives it without that approximation.
    auto p = singleLine(0.0, 0.6e-6, 0.0, 50e-12);
    p.gd = Eigen::MatrixXd::Constant(1, 1, 2 * kPi * 1e-3 * 50e-12);  // tand 1e-3
    for (double f : {100.0, 1e4, 1e6}) {
        INFO("f = " << f);
        auto inputAdmittance = [&]<typename Line, typename... Extra>(Extra... extra) {
            Circuit c;
            addVoltageSource(c, "e", "a", "0", 0.0, 1.0);
            c.add<Line>("p1", SourceRange{}, nodesOf(c, {"a"}), kGround, nodesOf(c, {"b"}), kGround, p, 1.0, extra...);
            addResistor(c, "rl", "b", "0", 1e16);  // 1e-16 S: below 1e-5 of the loss
            const auto ac = solveAc(c, f);
            return -ac.x.at(static_cast<std::size_t>(*c.nodes().findBranch("e")));
        };
        const Complex exact = inputAdmittance.template operator()<MtlExactAc>();
        const Complex lumped = inputAdmittance.template operator()<MtlLumped>(20);
        const double closedForm = p.gd(0, 0) * f * 1.0;
        CHECK(std::abs(exact.real() - closedForm) < 1e-3 * closedForm);
        CHECK(std::abs(lumped.real() - closedForm) < 1e-2 * closedForm);
    }
}

TEST_CASE("Lumped line with dielectric loss is passive: Re of its input impedance >= 0 from 1 mHz to 1 GHz",
          "[mtl][dielectric]") {
    auto p = twoConductorLine();
    p.gd.resize(2, 2);
    p.gd << 2e-12, -0.5e-12, -0.5e-12, 2e-12;
    for (const char* far : {"open", "short"}) {
        Circuit c;
        addCurrentSource(c, "i1", "0", "a1", 0.0, 1.0);
        addResistor(c, "ra2", "a2", "0", 50.0);
        if (std::string(far) == "short") addResistor(c, "rb", "b1", "b2", 1e-3);
        addResistor(c, "rb2", "b2", "0", 1e6);
        auto& line = c.add<MtlLumped>("p1", SourceRange{}, nodesOf(c, {"a1", "a2"}), kGround, nodesOf(c, {"b1", "b2"}),
                                      kGround, p, 30.0, 20);
        REQUIRE(Eigen::LLT<Eigen::MatrixXd>(line.lumpedCapacitance()).info() == Eigen::Success);
        for (double f : decades(1e-3, 1e9, 3)) {
            INFO(far << ", f = " << f);
            CHECK(solveAc(c, f).v("a1").real() >= 0.0);
        }
    }
}
