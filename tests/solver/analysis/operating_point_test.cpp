#include "solver/analysis/operating_point.hpp"

#include "solver/devices/diode.hpp"
#include "tests/support/circuit_builders.hpp"

#include <cmath>
#include <functional>
#include <string>

using namespace cablespice::solver;
using namespace cablespice::test;

namespace {

// ngspice 39's k/q at 27 °C.
const double kVt = 1.38064852e-23 * 300.15 / 1.6021766208e-19;

DiodeConstants diodeAt27(double is, double n, double rs = 0.0) {
    DiodeModelParameters model;
    model.is = is;
    model.n = n;
    model.rs = rs;
    return diodeConstants(model, 1.0, 27.0, 27.0);
}

Diode& addDiode(Circuit& c, std::string name, std::string_view a, std::string_view k, const DiodeConstants& d) {
    Unknown ua = node(c, a), uk = node(c, k);
    return c.add<Diode>(std::move(name), cablespice::SourceRange{}, ua, uk, d);
}

// Root of a monotonic decreasing function by bisection (the independent reference).
double bisect(const std::function<double(double)>& f, double lo, double hi) {
    for (int i = 0; i < 200; ++i) {
        const double mid = 0.5 * (lo + hi);
        (f(mid) > 0.0 ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
}

} // namespace

// Newton stops on SPICE's reltol = 1e-3 test, but after quadratic convergence: 1e-6 relative
// to the bisected root (the cross-check's op tolerance) holds.
TEST_CASE("A diode fed through a resistor settles where the resistor's current equals IS(exp(v/(N vt))-1) + gmin v",
          "[newton]") {
    Circuit c;
    addVoltageSource(c, "v1", "in", "0", 5.0);
    addResistor(c, "r1", "in", "a", 1e3);
    addDiode(c, "d1", "a", "0", diodeAt27(1e-14, 1.2));
    c.finalize();
    auto op = solveDcOperatingPoint(c, DcSettings{});
    REQUIRE(op.ok());
    CHECK(op.value().method == OperatingPointMethod::Newton);
    const double vte = 1.2 * kVt;
    const double expected = bisect([&](double v) { return (5.0 - v) / 1e3 - 1e-14 * std::expm1(v / vte) - 1e-12 * v; }, 0.0, 1.0);
    CHECK_THAT(op.value().x[static_cast<std::size_t>(*c.nodes().findNode("a"))], Catch::Matchers::WithinRel(expected, 1e-6));
}

// A latch: node x drives a VCVS of gain 5 that feeds x back through 1 k (positive feedback),
// with a source of 5 V through 1 k and a 1 k load, clamped by anti-parallel diodes. KCL at x:
// (2x + 5)/1k = id1(x) - id2(-x) (+ gmin terms). Plain Newton from the junction guesses cycles
// through the feedback without converging in itl1 = 100 iterations; gmin stepping reaches it.
namespace {

void buildLatch(Circuit& c) {
    addVcvs(c, "e1", "y", "0", "x", "0", 5.0);
    addResistor(c, "r1", "y", "x", 1e3);
    addResistor(c, "r2", "x", "0", 1e3);
    addDiode(c, "d1", "x", "0", diodeAt27(1e-14, 1.0));
    addDiode(c, "d2", "0", "x", diodeAt27(1e-9, 2.0));
    addVoltageSource(c, "v1", "s", "0", 5.0);
    addResistor(c, "r3", "s", "x", 1e3);
    c.finalize();
}

// The latch's KCL at x, whose root the solver's answer must bracket.
double latchKcl(double v) {
    const double id1 = 1e-14 * std::expm1(v / kVt) + 1e-12 * v;
    const double id2 = 1e-9 * std::expm1(-v / (2.0 * kVt)) - 1e-12 * v;
    return (2.0 * v + 5.0) / 1e3 - id1 + id2;
}

void checkLatchRoot(const Circuit& c, const OperatingPoint& op) {
    const double x = op.x[static_cast<std::size_t>(*c.nodes().findNode("x"))];
    REQUIRE(latchKcl(x - 0.01) > 0.0);
    REQUIRE(latchKcl(x + 0.01) < 0.0);
    CHECK_THAT(x, Catch::Matchers::WithinRel(bisect(latchKcl, x - 0.01, x + 0.01), 1e-9));
}

} // namespace

TEST_CASE("A diode-clamped latch that plain Newton cannot solve reaches its operating point by gmin stepping",
          "[newton]") {
    Circuit c;
    buildLatch(c);
    auto op = solveDcOperatingPoint(c, DcSettings{});
    REQUIRE(op.ok());
    CHECK(op.value().method == OperatingPointMethod::GminStepping);
    checkLatchRoot(c, op.value());
}

// ngspice's options: gminsteps=0 and srcsteps=0 leave plain Newton's failure (the latch's
// source-stepping path folds back before full scale, so it needs gmin stepping).
TEST_CASE("gminsteps=0 srcsteps=0 leave the latch unsolved with plain Newton's error", "[newton]") {
    Circuit c;
    buildLatch(c);
    DcSettings settings;
    settings.tol.gminSteps = 0;
    settings.tol.sourceSteps = 0;
    auto failed = solveDcOperatingPoint(c, settings);
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.error().kind == SolveErrorKind::NoConvergence);
    CHECK_THAT(failed.error().message, Catch::Matchers::Contains("no convergence in 100 Newton iterations"));
}

TEST_CASE("noopiter with gminsteps=0 reaches a diode's operating point by source stepping", "[newton]") {
    Circuit c;
    addVoltageSource(c, "v1", "in", "0", 5.0);
    addResistor(c, "r1", "in", "a", 1e3);
    addDiode(c, "d1", "a", "0", diodeAt27(1e-14, 1.0));
    c.finalize();
    DcSettings settings;
    settings.tol.noOpIter = true;
    settings.tol.gminSteps = 0;
    auto op = solveDcOperatingPoint(c, settings);
    REQUIRE(op.ok());
    CHECK(op.value().method == OperatingPointMethod::SourceStepping);
    const double expected = bisect([&](double v) { return (5.0 - v) / 1e3 - 1e-14 * std::expm1(v / kVt) - 1e-12 * v; }, 0.0, 1.0);
    CHECK_THAT(op.value().x[static_cast<std::size_t>(*c.nodes().findNode("a"))], Catch::Matchers::WithinRel(expected, 1e-6));
}

TEST_CASE("noopiter skips plain Newton: the latch is reached by gmin stepping in fewer iterations", "[newton]") {
    Circuit c;
    buildLatch(c);
    auto withPlain = solveDcOperatingPoint(c, DcSettings{});
    DcSettings settings;
    settings.tol.noOpIter = true;
    auto direct = solveDcOperatingPoint(c, settings);
    REQUIRE(withPlain.ok());
    REQUIRE(direct.ok());
    CHECK(direct.value().method == OperatingPointMethod::GminStepping);
    CHECK(direct.value().iterations < withPlain.value().iterations);
    checkLatchRoot(c, direct.value());
}

TEST_CASE("A circuit without an operating point fails with no convergence naming the node and the diode", "[newton]") {
    // As above with gain 10 and -5 V: 7x - 5 = 1000 id(x) has no root (its left side stays below
    // the exponential), so every method fails with a no-convergence error naming node x and the diode on it.
    Circuit c;
    addVcvs(c, "e1", "y", "0", "x", "0", 10.0);
    addResistor(c, "r1", "y", "x", 1e3);
    addResistor(c, "r2", "x", "0", 1e3);
    addDiode(c, "d1", "x", "0", diodeAt27(1e-14, 1.0));
    addVoltageSource(c, "v1", "s", "0", -5.0);
    addResistor(c, "r3", "s", "x", 1e3);
    c.finalize();
    auto op = solveDcOperatingPoint(c, DcSettings{});
    REQUIRE_FALSE(op.ok());
    CHECK(op.error().kind == SolveErrorKind::NoConvergence);
    CHECK(op.error().unknown == *c.nodes().findNode("x"));  // the only node that is not a source's
    CHECK_THAT(op.error().message, Catch::Matchers::Contains("no convergence in 100 Newton iterations (device 'd1')"));
}

TEST_CASE("A .nodeset near the answer is released: the operating point is the circuit's own", "[newton]") {
    Circuit c;
    addVoltageSource(c, "v1", "in", "0", 5.0);
    addResistor(c, "r1", "in", "a", 1e3);
    addDiode(c, "d1", "a", "0", diodeAt27(1e-14, 1.0));
    c.finalize();
    const Unknown a = *c.nodes().findNode("a");
    DcSettings settings;
    settings.nodesets.push_back({a, 0.5});
    auto op = solveDcOperatingPoint(c, settings);
    REQUIRE(op.ok());
    const double expected = bisect([&](double v) { return (5.0 - v) / 1e3 - 1e-14 * std::expm1(v / kVt) - 1e-12 * v; }, 0.0, 1.0);
    CHECK_THAT(op.value().x[static_cast<std::size_t>(a)], Catch::Matchers::WithinRel(expected, 1e-6));
}
