#include "solver/analysis/dc_system.hpp"
#include "tests/support/circuit_builders.hpp"
#include "tests/support/dense_oracle.hpp"

#include <catch2/catch.hpp>

#include <Eigen/Dense>

using namespace cablespice::solver;
using namespace cablespice::test;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

TEST_CASE("Voltage divider gives V*R2/(R1+R2) and a negative source current", "[dc]") {
    Circuit c;
    addVoltageSource(c, "v1", "in", "0", 12.0);
    addResistor(c, "r1", "in", "out", 3e3);
    addResistor(c, "r2", "out", "0", 1e3);
    auto op = solveDc(c);
    CHECK_THAT(op.v("in"), WithinRel(12.0, 1e-12));
    CHECK_THAT(op.v("out"), WithinRel(3.0, 1e-12));
    // Delivering power: current flows from + through the source to -, i.e. negative.
    CHECK_THAT(op.i("v1"), WithinRel(-12.0 / 4e3, 1e-12));
    CHECK(op.x[0] == 0.0);
}

TEST_CASE("A source with its + terminal on ground drives the node negative and still has negative current", "[dc]") {
    Circuit c;
    addVoltageSource(c, "v1", "0", "n", 5.0);  // v(0) - v(n) = 5
    addResistor(c, "r1", "n", "0", 1e3);
    auto op = solveDc(c);
    CHECK_THAT(op.v("n"), WithinRel(-5.0, 1e-12));
    // 5 mA flow through R from 0 into n and leave n into the source's - terminal, i.e. against
    // the SPICE direction (+ through the source to -): the delivering source reads -5 mA.
    CHECK_THAT(op.i("v1"), WithinRel(-5e-3, 1e-12));
}

TEST_CASE("Open Wheatstone bridge output matches the difference of the two dividers", "[dc]") {
    const double vs = 10.0, r1 = 1e3, r2 = 2.2e3, r3 = 4.7e3, r4 = 3.3e3;
    Circuit c;
    addVoltageSource(c, "v1", "top", "0", vs);
    addResistor(c, "r1", "top", "a", r1);
    addResistor(c, "r2", "a", "0", r2);
    addResistor(c, "r3", "top", "b", r3);
    addResistor(c, "r4", "b", "0", r4);
    auto op = solveDc(c);
    const double bridge = vs * (r2 / (r1 + r2) - r4 / (r3 + r4));
    CHECK_THAT(op.v("a", "b"), WithinRel(bridge, 1e-12));
    CHECK_THAT(op.i("v1"), WithinRel(-(vs / (r1 + r2) + vs / (r3 + r4)), 1e-12));
}

TEST_CASE("Loaded unbalanced Wheatstone bridge matches its Thevenin closed form", "[dc]") {
    const double vs = 5.0, r1 = 1e3, r2 = 1.5e3, r3 = 2e3, r4 = 1.2e3, rm = 820.0;
    Circuit c;
    addVoltageSource(c, "v1", "top", "0", vs);
    addResistor(c, "r1", "top", "a", r1);
    addResistor(c, "r2", "a", "0", r2);
    addResistor(c, "r3", "top", "b", r3);
    addResistor(c, "r4", "b", "0", r4);
    addResistor(c, "rm", "a", "b", rm);
    auto op = solveDc(c);

    const double va0 = vs * r2 / (r1 + r2), vb0 = vs * r4 / (r3 + r4);
    const double rth = parallel(r1, r2) + parallel(r3, r4);
    const double im = (va0 - vb0) / (rth + rm);  // from a through rm to b
    const double va = va0 - im * parallel(r1, r2);
    const double vb = vb0 + im * parallel(r3, r4);
    const double supply = (vs - va) / r1 + (vs - vb) / r3;
    CHECK_THAT(op.v("a"), WithinRel(va, 1e-12));
    CHECK_THAT(op.v("b"), WithinRel(vb, 1e-12));
    CHECK_THAT(op.v("a", "b"), WithinRel(im * rm, 1e-11));
    CHECK_THAT(op.i("v1"), WithinRel(-supply, 1e-12));
}

TEST_CASE("Superposition: V-only plus I-only solutions equal the combined run and the closed form", "[dc]") {
    const double vs = 9.0, is = 2e-3, r1 = 1e3, r2 = 3e3;
    Circuit c;
    auto& v1 = addVoltageSource(c, "v1", "in", "0", vs);
    addResistor(c, "r1", "in", "a", r1);
    addResistor(c, "r2", "a", "0", r2);
    auto& i1 = addCurrentSource(c, "i1", "0", "a", is);  // pushes is into a
    c.finalize();
    DcSystem system(c);
    REQUIRE(system.factor().ok());

    std::vector<double> both, vOnly, iOnly;
    system.solve(both);
    i1.value().dc = 0.0;
    system.solve(vOnly);
    i1.value().dc = is;
    v1.value().dc = 0.0;
    system.solve(iOnly);

    const double va = (vs / r1 + is) * parallel(r1, r2);
    auto a = static_cast<std::size_t>(*c.nodes().findNode("a"));
    auto k = static_cast<std::size_t>(*c.nodes().findBranch("v1"));
    CHECK_THAT(both[a], WithinRel(va, 1e-12));
    CHECK_THAT(vOnly[a], WithinRel(vs * r2 / (r1 + r2), 1e-12));
    CHECK_THAT(iOnly[a], WithinRel(is * parallel(r1, r2), 1e-12));
    for (std::size_t u = 0; u < both.size(); ++u) CHECK_THAT(vOnly[u] + iOnly[u], WithinAbs(both[u], 1e-12));
    CHECK_THAT(both[k], WithinRel(-(vs - va) / r1, 1e-12));
    // Only the right-hand side changed: one factorization, three solves.
    CHECK(system.counters().factorizations == 1);
    CHECK(system.counters().refactorizations == 0);
    CHECK(system.counters().solves == 3);
}

TEST_CASE("DC source scale multiplies the whole linear solution", "[dc]") {
    Circuit c;
    addVoltageSource(c, "v1", "in", "0", 4.0);
    addResistor(c, "r1", "in", "a", 1e3);
    addResistor(c, "r2", "a", "0", 1e3);
    addCurrentSource(c, "i1", "a", "0", 1e-3);
    c.finalize();
    DcSystem system(c);
    REQUIRE(system.factor().ok());
    std::vector<double> full, half, zero;
    system.solve(full, 1.0);
    system.solve(half, 0.5);
    system.solve(zero, 0.0);
    for (std::size_t u = 0; u < full.size(); ++u) {
        CHECK_THAT(half[u], WithinAbs(0.5 * full[u], 1e-15));
        CHECK(zero[u] == 0.0);
    }
    CHECK_THAT(full[static_cast<std::size_t>(*c.nodes().findNode("a"))], WithinRel((4.0 / 1e3 - 1e-3) * 500.0, 1e-12));
}

TEST_CASE("VCVS output is gain times the differential control voltage with SPICE branch-current sign", "[dc]") {
    Circuit c;
    addVoltageSource(c, "v1", "c1", "0", 3.0);
    addVoltageSource(c, "v2", "c2", "0", 1.0);
    addVcvs(c, "e1", "out", "0", "c1", "c2", -2.5);
    addResistor(c, "rl", "out", "0", 1e3);
    // A floating output: e2 sets v(p) - v(n) with n held up by a resistor divider.
    addVcvs(c, "e2", "p", "n", "c2", "0", 4.0);
    addResistor(c, "rp", "p", "0", 2e3);
    addResistor(c, "rn", "n", "0", 2e3);
    auto op = solveDc(c);
    CHECK_THAT(op.v("out"), WithinRel(-2.5 * (3.0 - 1.0), 1e-12));
    // Current from out through the source to ground = -(current into rl) = -v(out)/rl.
    CHECK_THAT(op.i("e1"), WithinRel(-op.v("out") / 1e3, 1e-12));
    CHECK_THAT(op.i("e1"), WithinRel(5e-3, 1e-12));
    CHECK_THAT(op.v("p", "n"), WithinRel(4.0, 1e-12));
    CHECK_THAT(op.v("p"), WithinRel(2.0, 1e-12));
    CHECK_THAT(op.v("n"), WithinRel(-2.0, 1e-12));
    // The control inputs draw no current.
    CHECK_THAT(op.i("v1"), WithinAbs(0.0, 1e-18));
    CHECK_THAT(op.i("v2"), WithinAbs(0.0, 1e-18));
}

TEST_CASE("VCCS pushes gm*v(c) from n+ through the source to n-", "[dc]") {
    Circuit c;
    addVoltageSource(c, "v1", "in", "0", 2.0);
    addVccs(c, "g1", "out", "0", "in", "0", 1e-3);   // pulls 2 mA out of 'out'
    addResistor(c, "rl", "out", "0", 1.5e3);
    addVccs(c, "g2", "0", "up", "in", "0", 0.5e-3);  // pushes 1 mA into 'up'
    addResistor(c, "ru", "up", "0", 4e3);
    auto op = solveDc(c);
    CHECK_THAT(op.v("out"), WithinRel(-1e-3 * 2.0 * 1.5e3, 1e-12));
    CHECK_THAT(op.v("up"), WithinRel(0.5e-3 * 2.0 * 4e3, 1e-12));
    CHECK_THAT(op.i("v1"), WithinAbs(0.0, 1e-18));
}

TEST_CASE("CCCS output current is gain times the sensed current from n+ through F to n-", "[dc]") {
    Circuit c;
    addVoltageSource(c, "v1", "in", "0", 1.0);
    addResistor(c, "rin", "in", "x", 1e3);
    addVoltageSource(c, "vs", "x", "0", 0.0);  // ammeter: i(vs) = 1 mA from x through vs to 0
    addCccs(c, "f1", "out", "0", "vs", 3.0);
    addResistor(c, "rl", "out", "0", 2e3);
    auto op = solveDc(c);
    CHECK_THAT(op.i("vs"), WithinRel(1e-3, 1e-12));
    // 3 mA leave 'out' through F to ground: v(out) = -3 mA * 2k.
    CHECK_THAT(op.v("out"), WithinRel(-6.0, 1e-12));
    CHECK_THAT(op.i("v1"), WithinRel(-1e-3, 1e-12));
}

TEST_CASE("CCVS output voltage is r times the sensed current", "[dc]") {
    Circuit c;
    addVoltageSource(c, "v1", "in", "0", 1.0);
    addResistor(c, "rin", "in", "x", 1e3);
    addVoltageSource(c, "vs", "x", "0", 0.0);
    addCcvs(c, "h1", "out", "0", "vs", 500.0);
    addResistor(c, "rl", "out", "0", 250.0);
    // Reversed sense: a sensing source pointing the other way flips the sign.
    addVoltageSource(c, "vr", "0", "y", 0.0);
    addResistor(c, "ry", "y", "in", 2e3);
    addCcvs(c, "h2", "out2", "0", "vr", 1e3);
    addResistor(c, "rl2", "out2", "0", 1e3);
    auto op = solveDc(c);
    CHECK_THAT(op.v("out"), WithinRel(500.0 * 1e-3, 1e-12));
    CHECK_THAT(op.i("h1"), WithinRel(-op.v("out") / 250.0, 1e-12));
    // Current in ry from in to y is 0.5 mA; it enters vr at - (y) -> i(vr) = -0.5 mA.
    CHECK_THAT(op.i("vr"), WithinRel(-0.5e-3, 1e-12));
    CHECK_THAT(op.v("out2"), WithinRel(-0.5, 1e-12));
}

TEST_CASE("Validation case T1 (dependent and independent sources) matches the hand solution", "[dc]") {
    Circuit c;
    addVoltageSource(c, "v1", "in", "0", 10.0);
    addResistor(c, "r1", "in", "a", 1e3);
    addResistor(c, "r2", "a", "0", 4e3);
    addResistor(c, "rl", "a", "0", 2.2e3);
    addVcvs(c, "e1", "e", "0", "a", "0", 2.0);
    addResistor(c, "re", "e", "0", 1e3);
    addVccs(c, "g1", "0", "g", "a", "0", 1e-3);
    addResistor(c, "rg", "g", "0", 1e3);
    addCurrentSource(c, "i1", "0", "n", 1e-3);
    addResistor(c, "rn", "n", "0", 2e3);
    auto op = solveDc(c);
    CHECK_THAT(op.v("a"), WithinAbs(5.866666667, 1e-9));
    CHECK_THAT(op.i("v1"), WithinAbs(-4.133333333e-3, 1e-12));
    CHECK_THAT(op.v("e"), WithinAbs(11.73333333, 1e-8));
    CHECK_THAT(op.v("g"), WithinAbs(5.866666667, 1e-9));
    CHECK_THAT(op.v("n"), WithinAbs(2.0, 1e-12));
    // Exact closed forms too.
    const double rp = parallel(4e3, 2.2e3);
    const double va = 10.0 * rp / (1e3 + rp);
    CHECK_THAT(op.v("a"), WithinRel(va, 1e-13));
    CHECK_THAT(op.i("e1"), WithinRel(-2.0 * va / 1e3, 1e-12));
}

TEST_CASE("Balanced bridge into a unity differential VCVS rejects a common-mode source exactly", "[dc]") {
    // 50/50 ohm legs into 20k per leg; E out 0 p n 1 reads the differential voltage.
    auto build = [](Circuit& c, double legP, double legN) {
        addVoltageSource(c, "vcm", "cm", "0", 1.0);
        addResistor(c, "rsp", "cm", "p", legP);
        addResistor(c, "rsn", "cm", "n", legN);
        addResistor(c, "rip", "p", "0", 20e3);
        addResistor(c, "rin", "n", "0", 20e3);
        addVcvs(c, "e1", "out", "0", "p", "n", 1.0);
        addResistor(c, "rout", "out", "0", 1e3);
    };
    SECTION("balanced legs: output is zero") {
        Circuit c;
        build(c, 50.0, 50.0);
        auto op = solveDc(c);
        CHECK(std::abs(op.v("out")) < 1e-12);
        CHECK_THAT(op.v("p"), WithinRel(20e3 / 20050.0, 1e-12));
        CHECK_THAT(op.v("n"), WithinRel(20e3 / 20050.0, 1e-12));
    }
    SECTION("a 10 ohm imbalance gives the divider difference") {
        Circuit c;
        build(c, 50.0, 60.0);
        auto op = solveDc(c);
        CHECK_THAT(op.v("out"), WithinRel(20e3 / 20050.0 - 20e3 / 20060.0, 1e-9));
    }
    SECTION("mirrored imbalance flips the sign") {
        Circuit c;
        build(c, 60.0, 50.0);
        auto op = solveDc(c);
        CHECK_THAT(op.v("out"), WithinRel(20e3 / 20060.0 - 20e3 / 20050.0, 1e-9));
    }
}

TEST_CASE("An inductor is a short at DC and carries the closed-form branch current", "[dc]") {
    Circuit c;
    addVoltageSource(c, "v1", "in", "0", 5.0);
    addResistor(c, "r1", "in", "a", 1e3);
    addInductor(c, "l1", "a", "b", 1e-3);
    addResistor(c, "r2", "b", "0", 4e3);
    auto op = solveDc(c);
    CHECK_THAT(op.v("a"), WithinRel(4.0, 1e-12));
    CHECK_THAT(op.v("a", "b"), WithinAbs(0.0, 1e-15));
    CHECK_THAT(op.i("l1"), WithinRel(1e-3, 1e-12));  // from a through L to b
    CHECK_THAT(op.i("v1"), WithinRel(-1e-3, 1e-12));
}

TEST_CASE("Coupled inductors are still shorts at DC", "[dc]") {
    Circuit c;
    addVoltageSource(c, "v1", "in", "0", 2.0);
    addInductor(c, "l1", "in", "a", 1e-3);
    addResistor(c, "r1", "a", "0", 100.0);
    addInductor(c, "l2", "b", "0", 4e-3);
    addResistor(c, "r2", "b", "0", 50.0);
    addCoupling(c, "k1", {"l1", "l2"}, 0.9);
    auto op = solveDc(c);
    CHECK_THAT(op.v("a"), WithinRel(2.0, 1e-12));
    CHECK_THAT(op.i("l1"), WithinRel(2.0 / 100.0, 1e-12));
    CHECK_THAT(op.i("l2"), WithinAbs(0.0, 1e-15));
    CHECK_THAT(op.v("b"), WithinAbs(0.0, 1e-15));
}

TEST_CASE("A capacitor is open at DC", "[dc]") {
    Circuit c;
    addVoltageSource(c, "v1", "in", "0", 5.0);
    addResistor(c, "r1", "in", "a", 1e3);
    addCapacitor(c, "c1", "a", "0", 1e-6);      // shunt: no effect
    addResistor(c, "r2", "a", "0", 4e3);
    addCapacitor(c, "c2", "a", "b", 1e-6);      // series: blocks
    addResistor(c, "r3", "b", "0", 1e3);
    auto op = solveDc(c);
    CHECK_THAT(op.v("a"), WithinRel(4.0, 1e-12));
    CHECK_THAT(op.v("b"), WithinAbs(0.0, 1e-15));
    CHECK_THAT(op.i("v1"), WithinRel(-1e-3, 1e-12));
}

TEST_CASE("KLU DC solution of a mixed circuit agrees with a dense solve of the same G", "[dc]") {
    Circuit c;
    addVoltageSource(c, "v1", "in", "0", 3.0);
    addResistor(c, "r1", "in", "a", 100.0);
    addInductor(c, "l1", "a", "b", 1e-6);
    addResistor(c, "r2", "b", "0", 330.0);
    addVcvs(c, "e1", "e", "0", "b", "a", 10.0);
    addResistor(c, "re", "e", "c", 47.0);
    addVoltageSource(c, "vs", "c", "0", 0.0);
    addCccs(c, "f1", "0", "f", "vs", 0.5);
    addResistor(c, "rf", "f", "b", 1e3);
    addCcvs(c, "h1", "h", "0", "l1", 20.0);
    addResistor(c, "rh", "h", "f", 2e3);
    addVccs(c, "g1", "b", "0", "h", "0", 1e-4);
    addCurrentSource(c, "i1", "f", "0", 1e-3);
    auto op = solveDc(c);

    Eigen::MatrixXd g = denseMatrix(c.pattern(), c.gConstant());
    std::vector<double> b(static_cast<std::size_t>(c.unknownCount()) + 1, 0.0);
    for (const auto* source : c.excitations()) source->loadDc(b, 1.0);
    Eigen::VectorXd rhs = Eigen::Map<const Eigen::VectorXd>(b.data() + 1, c.unknownCount());
    Eigen::VectorXd reference = g.partialPivLu().solve(rhs);
    for (int u = 1; u <= c.unknownCount(); ++u)
        CHECK_THAT(op.x[static_cast<std::size_t>(u)], WithinAbs(reference(u - 1), 1e-12 * (1.0 + reference.norm())));
}
