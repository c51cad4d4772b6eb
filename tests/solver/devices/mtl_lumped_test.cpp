#include "solver/devices/mtl_exact_ac.hpp"
#include "solver/devices/mtl_lumped.hpp"
#include "tests/solver/devices/mtl_test_support.hpp"

#include <functional>

using namespace cablespice::test;
using namespace cablespice::solver;
using cablespice::SourceRange;

namespace {

// Source (1 V AC, 50 ohm) on conductor 1 at end A, 50 ohm on the other near ends, 100 ohm far
// ends, against references ra/rb that are tied to ground by small resistors (so the ideal
// return branch carries current). `addLine` adds the line between a1..aN, ra, b1..bN, rb.
using LineAdder = std::function<void(Circuit&, std::vector<Unknown>, Unknown, std::vector<Unknown>, Unknown)>;

std::vector<Complex> farEnd(int conductors, double frequency, const LineAdder& addLine) {
    Circuit c;
    addVoltageSource(c, "v1", "src", "0", 0.0, 1.0);
    addResistor(c, "rs", "src", "a1", 50.0);
    std::vector<std::string> a, b;
    for (int i = 1; i <= conductors; ++i) {
        a.push_back("a" + std::to_string(i));
        b.push_back("b" + std::to_string(i));
        if (i > 1) addResistor(c, "rna" + std::to_string(i), a.back(), "ra", 50.0);
        addResistor(c, "rfb" + std::to_string(i), b.back(), "rb", 100.0);
    }
    addResistor(c, "rga", "ra", "0", 0.5);
    addResistor(c, "rgb", "rb", "0", 2.0);
    addLine(c, nodesOf(c, a), c.nodes().node("ra"), nodesOf(c, b), c.nodes().node("rb"));
    auto solution = solveAc(c, frequency);
    std::vector<Complex> out;
    for (const auto& name : b) out.push_back(solution.v(name) - solution.v("rb"));
    return out;
}

LineAdder lumped(const MtlParameters& p, double length, int sections) {
    return [=](Circuit& c, std::vector<Unknown> a, Unknown ra, std::vector<Unknown> b, Unknown rb) {
        c.add<MtlLumped>("p1", SourceRange{}, std::move(a), ra, std::move(b), rb, p, length, sections);
    };
}

LineAdder exact(const MtlParameters& p, double length) {
    return [=](Circuit& c, std::vector<Unknown> a, Unknown ra, std::vector<Unknown> b, Unknown rb) {
        c.add<MtlExactAc>("p1", SourceRange{}, std::move(a), ra, std::move(b), rb, p, length);
    };
}

double maxError(const std::vector<Complex>& x, const std::vector<Complex>& reference) {
    double e = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) e = std::max(e, std::abs(x[i] - reference[i]));
    return e;
}

void checkSecondOrderConvergence(const MtlParameters& p, double length, double frequency) {
    const int n = p.conductors();
    const auto reference = farEnd(n, frequency, exact(p, length));
    const double e16 = maxError(farEnd(n, frequency, lumped(p, length, 16)), reference);
    const double e32 = maxError(farEnd(n, frequency, lumped(p, length, 32)), reference);
    const double e64 = maxError(farEnd(n, frequency, lumped(p, length, 64)), reference);
    INFO("errors " << e16 << " " << e32 << " " << e64);
    CHECK(e64 < 2e-3 * std::abs(reference[0]));
    CHECK_THAT(e16 / e32, Catch::Matchers::WithinAbs(4.0, 0.4));
    CHECK_THAT(e32 / e64, Catch::Matchers::WithinAbs(4.0, 0.3));
}

} // namespace

TEST_CASE("A lumped 2-conductor line converges to the exact solution with error ~ 1/n^2", "[mtl][device]") {
    // 10 m at 5 MHz is about a quarter wavelength: a hard case for few sections.
    checkSecondOrderConvergence(twoConductorLine(), 10.0, 5e6);
}

TEST_CASE("A lumped 3-conductor line converges to the exact solution with error ~ 1/n^2", "[mtl][device]") {
    checkSecondOrderConvergence(threeConductorLine(), 8.0, 4e6);
}

TEST_CASE("A lumped line at DC is its series resistance, mutual R included", "[mtl][device]") {
    Circuit c;
    addVoltageSource(c, "v1", "a1", "0", 1.0);
    addResistor(c, "rl", "b1", "0", 100.0);
    addResistor(c, "ra2", "a2", "0", 1.0);
    addResistor(c, "rb2", "b2", "0", 1e6);
    const auto p = twoConductorLine();  // R11 = 0.12, R21 = 0.02 ohm/m
    c.add<MtlLumped>("p1", SourceRange{}, nodesOf(c, {"a1", "a2"}), kGround, nodesOf(c, {"b1", "b2"}), kGround, p,
                     50.0, 7);
    auto dc = solveDc(c);
    const double r11 = 0.12 * 50.0, g = 1e-6 * 50.0;
    // Shunt G is 50 uS in total: a small correction to the 100 ohm load.
    const double i1 = 1.0 / (r11 + 100.0);
    CHECK_THAT(dc.v("b1"), Catch::Matchers::WithinRel(100.0 * i1, 1e-3));
    // Conductor 2 carries (almost) no current: its far end shows the common-resistance drop -R21 len i1.
    CHECK_THAT(dc.v("b2") - dc.v("a2"), Catch::Matchers::WithinAbs(-0.02 * 50.0 * i1, 2e-3 * 0.02 * 50.0 * i1 + g));
}

TEST_CASE("A lumped line names its internal nodes per instance, section and conductor", "[mtl][device]") {
    Circuit c;
    addVoltageSource(c, "v1", "a1", "0", 1.0);
    c.add<MtlLumped>("x1.p1", SourceRange{}, nodesOf(c, {"a1", "a2"}), kGround, nodesOf(c, {"b1", "b2"}), kGround,
                     twoConductorLine(), 3.0, 4);
    c.finalize();
    CHECK(c.nodes().findNode("x1.p1.s3.c2").has_value());
    CHECK_FALSE(c.nodes().findNode("x1.p1.s4.c1").has_value());  // junction 4 is end B
    CHECK(c.nodes().findBranch("x1.p1.s4.c2").has_value());
    // 3 internal junctions * 2 + 4 sections * 2 branches, plus the 4 terminals and v1's branch.
    CHECK(c.unknownCount() == 6 + 8 + 4 + 1);
}
