#include "tests/support/circuit_builders.hpp"
#include "tests/support/device_conformance.hpp"

#include <catch2/catch.hpp>

using namespace cablespice::solver;
using cablespice::SourceRange;
using cablespice::test::ConformanceCase;
using cablespice::test::NodeMap;
using cablespice::test::checkDeviceConformance;
using cablespice::test::dcValue;

namespace {

ConformanceCase resistorCase() {
    return {"resistor", "r1", {"a", "b"}, [](Circuit& c, const NodeMap& node) {
                c.add<Resistor>("r1", SourceRange{}, node("a"), node("b"), 2.7e3);
            }};
}

ConformanceCase capacitorCase() {
    return {"capacitor", "c1", {"a", "b"}, [](Circuit& c, const NodeMap& node) {
                c.add<Capacitor>("c1", SourceRange{}, node("a"), node("b"), 4.7e-9);
            }};
}

ConformanceCase inductorCase() {
    return {"inductor", "l1", {"a", "b"}, [](Circuit& c, const NodeMap& node) {
                c.add<Inductor>("l1", SourceRange{}, node("a"), node("b"), 3.3e-6);
            }};
}

ConformanceCase mutualCase() {
    return {"mutual inductance (two inductors)", "k1", {"a", "d"}, [](Circuit& c, const NodeMap& node) {
                auto& l1 = c.add<Inductor>("l1", SourceRange{}, node("a"), node("b"), 1e-3);
                auto& l2 = c.add<Inductor>("l2", SourceRange{}, node("c"), node("d"), 4e-3);
                c.add<MutualInductance>("k1", SourceRange{}, std::vector<const Inductor*>{&l1, &l2}, 0.7);
            }};
}

ConformanceCase mutualThreeCase() {
    return {"mutual inductance (three inductors)", "k1", {"b"}, [](Circuit& c, const NodeMap& node) {
                auto& l1 = c.add<Inductor>("l1", SourceRange{}, node("a"), node("b"), 1e-3);
                auto& l2 = c.add<Inductor>("l2", SourceRange{}, node("c"), node("d"), 4e-3);
                auto& l3 = c.add<Inductor>("l3", SourceRange{}, node("b"), node("d"), 9e-3);
                c.add<MutualInductance>("k1", SourceRange{}, std::vector<const Inductor*>{&l1, &l2, &l3}, 0.3);
            }};
}

ConformanceCase voltageSourceCase() {
    return {"voltage source", "v1", {"p", "n"}, [](Circuit& c, const NodeMap& node) {
                c.add<VoltageSource>("v1", SourceRange{}, node("p"), node("n"), dcValue(1.5, 0.5));
            }};
}

ConformanceCase currentSourceCase() {
    return {"current source", "i1", {"p", "n"}, [](Circuit& c, const NodeMap& node) {
                c.add<CurrentSource>("i1", SourceRange{}, node("p"), node("n"), dcValue(2e-3, 1e-3));
            }};
}

ConformanceCase vcvsCase() {
    return {"VCVS (E)", "e1", {"p", "n", "cp", "cn"}, [](Circuit& c, const NodeMap& node) {
                c.add<Vcvs>("e1", SourceRange{}, node("p"), node("n"), node("cp"), node("cn"), 3.5);
            }};
}

ConformanceCase vccsCase() {
    return {"VCCS (G)", "g1", {"p", "n", "cp", "cn"}, [](Circuit& c, const NodeMap& node) {
                c.add<Vccs>("g1", SourceRange{}, node("p"), node("n"), node("cp"), node("cn"), 2e-3);
            }};
}

ConformanceCase cccsCase() {
    return {"CCCS (F)", "f1", {"p", "n", "s"}, [](Circuit& c, const NodeMap& node) {
                auto& sense = c.add<VoltageSource>("vs", SourceRange{}, node("s"), node("t"), dcValue(0.0));
                c.add<Cccs>("f1", SourceRange{}, node("p"), node("n"), &sense, 4.0);
            }};
}

ConformanceCase ccvsCase() {
    return {"CCVS (H)", "h1", {"p", "n", "t"}, [](Circuit& c, const NodeMap& node) {
                auto& sense = c.add<VoltageSource>("vs", SourceRange{}, node("s"), node("t"), dcValue(0.0));
                c.add<Ccvs>("h1", SourceRange{}, node("p"), node("n"), &sense, 150.0);
            }};
}

// Controlled sources whose output shares nodes with their control port.
ConformanceCase vcvsSharedNodesCase() {
    return {"VCVS with shared output/control node", "e1", {"a", "b"}, [](Circuit& c, const NodeMap& node) {
                c.add<Vcvs>("e1", SourceRange{}, node("a"), node("b"), node("b"), node("c"), -2.0);
            }};
}

ConformanceCase vccsSharedNodesCase() {
    return {"VCCS with output equal to control port", "g1", {"a", "b"}, [](Circuit& c, const NodeMap& node) {
                c.add<Vccs>("g1", SourceRange{}, node("a"), node("b"), node("a"), node("b"), 1e-3);
            }};
}

} // namespace

TEST_CASE("Resistor passes the device conformance checks", "[device]") { checkDeviceConformance(resistorCase()); }

TEST_CASE("Capacitor passes the device conformance checks", "[device]") { checkDeviceConformance(capacitorCase()); }

TEST_CASE("Inductor passes the device conformance checks", "[device]") { checkDeviceConformance(inductorCase()); }

TEST_CASE("Mutual inductance between two inductors passes the device conformance checks", "[device]") {
    checkDeviceConformance(mutualCase());
}

TEST_CASE("Mutual inductance among three inductors passes the device conformance checks", "[device]") {
    checkDeviceConformance(mutualThreeCase());
}

TEST_CASE("Voltage source passes the device conformance checks", "[device]") {
    checkDeviceConformance(voltageSourceCase());
}

TEST_CASE("Current source passes the device conformance checks", "[device]") {
    checkDeviceConformance(currentSourceCase());
}

TEST_CASE("VCVS passes the device conformance checks", "[device]") { checkDeviceConformance(vcvsCase()); }

TEST_CASE("VCCS passes the device conformance checks", "[device]") { checkDeviceConformance(vccsCase()); }

TEST_CASE("CCCS passes the device conformance checks", "[device]") { checkDeviceConformance(cccsCase()); }

TEST_CASE("CCVS passes the device conformance checks", "[device]") { checkDeviceConformance(ccvsCase()); }

TEST_CASE("Controlled sources sharing output and control nodes pass the device conformance checks", "[device]") {
    checkDeviceConformance(vcvsSharedNodesCase());
    checkDeviceConformance(vccsSharedNodesCase());
}

// Stamp values against the textbook MNA stamps (independent of the harness).
TEST_CASE("Device stamps have the textbook MNA values and SPICE signs", "[device]") {
    Circuit c;
    Unknown a = c.nodes().node("a"), b = c.nodes().node("b"), cp = c.nodes().node("cp"), cn = c.nodes().node("cn");
    auto& vs = c.add<VoltageSource>("vs", SourceRange{}, cp, cn, dcValue(0.0));
    auto& l1 = c.add<Inductor>("l1", SourceRange{}, a, b, 2e-3);
    auto& l2 = c.add<Inductor>("l2", SourceRange{}, b, cp, 8e-3);
    for (const auto& d : c.devices()) d->allocateUnknowns(c.nodes());
    const int n = c.nodes().count();
    const Unknown kv = vs.branchCurrent(), k1 = l1.branchCurrent(), k2 = l2.branchCurrent();
    SparsePattern dense = cablespice::test::conformance_detail::densePattern(n);

    auto stampOf = [&](Device& d) {
        d.bindSlots(dense);
        auto loaded = cablespice::test::conformance_detail::load(d, dense.nnz());
        return std::pair{cablespice::test::denseMatrix(dense, loaded.g), cablespice::test::denseMatrix(dense, loaded.c)};
    };
    auto at = [](const Eigen::MatrixXd& m, Unknown r, Unknown col) { return m(r - 1, col - 1); };

    SECTION("resistor: +1/R on the diagonal, -1/R off it") {
        Resistor r("r", SourceRange{}, a, b, 500.0);
        auto [g, cap] = stampOf(r);
        CHECK(at(g, a, a) == 1.0 / 500.0);
        CHECK(at(g, a, b) == -1.0 / 500.0);
        CHECK(at(g, b, a) == -1.0 / 500.0);
        CHECK(at(g, b, b) == 1.0 / 500.0);
        CHECK(cap.isZero());
    }
    SECTION("capacitor: C in the reactive array only") {
        Capacitor cc("c", SourceRange{}, a, b, 1e-6);
        auto [g, cap] = stampOf(cc);
        CHECK(g.isZero());
        CHECK(at(cap, a, a) == 1e-6);
        CHECK(at(cap, a, b) == -1e-6);
        CHECK(at(cap, b, b) == 1e-6);
    }
    SECTION("inductor: incidence in G and -L on its branch diagonal of C") {
        auto [g, cap] = stampOf(l1);
        CHECK(at(g, a, k1) == 1.0);
        CHECK(at(g, b, k1) == -1.0);
        CHECK(at(g, k1, a) == 1.0);
        CHECK(at(g, k1, b) == -1.0);
        CHECK(at(cap, k1, k1) == -2e-3);
        CHECK(g.cwiseAbs().sum() == 4.0);
    }
    SECTION("mutual inductance: -M = -k sqrt(L1 L2) on both cross entries") {
        MutualInductance k("k", SourceRange{}, {&l1, &l2}, 0.5);
        auto [g, cap] = stampOf(k);
        CHECK(g.isZero());
        CHECK_THAT(at(cap, k1, k2), Catch::Matchers::WithinRel(-0.5 * 4e-3, 1e-15));
        CHECK_THAT(at(cap, k2, k1), Catch::Matchers::WithinRel(-0.5 * 4e-3, 1e-15));
        CHECK(at(cap, k1, k1) == 0.0);
    }
    SECTION("VCVS: branch row reads v(p) - v(n) - gain (v(cp) - v(cn))") {
        Vcvs e("e", SourceRange{}, a, b, cp, cn, 5.0);
        e.allocateUnknowns(c.nodes());
        SparsePattern bigger = cablespice::test::conformance_detail::densePattern(c.nodes().count());
        e.bindSlots(bigger);
        auto loaded = cablespice::test::conformance_detail::load(e, bigger.nnz());
        Eigen::MatrixXd g = cablespice::test::denseMatrix(bigger, loaded.g);
        Unknown ke = e.branchCurrent();
        CHECK(at(g, ke, a) == 1.0);
        CHECK(at(g, ke, b) == -1.0);
        CHECK(at(g, ke, cp) == -5.0);
        CHECK(at(g, ke, cn) == 5.0);
        CHECK(at(g, a, ke) == 1.0);
        CHECK(at(g, b, ke) == -1.0);
    }
    SECTION("VCCS: +gm at (p, cp), -gm at (p, cn), -gm at (n, cp), +gm at (n, cn)") {
        Vccs gd("g", SourceRange{}, a, b, cp, cn, 3e-3);
        auto [g, cap] = stampOf(gd);
        CHECK(at(g, a, cp) == 3e-3);
        CHECK(at(g, a, cn) == -3e-3);
        CHECK(at(g, b, cp) == -3e-3);
        CHECK(at(g, b, cn) == 3e-3);
        CHECK(g.cwiseAbs().sum() == Approx(4 * 3e-3));
    }
    SECTION("CCCS: +gain at (p, i_sense), -gain at (n, i_sense)") {
        Cccs f("f", SourceRange{}, a, b, &vs, 7.0);
        auto [g, cap] = stampOf(f);
        CHECK(at(g, a, kv) == 7.0);
        CHECK(at(g, b, kv) == -7.0);
        CHECK(g.cwiseAbs().sum() == 14.0);
    }
    SECTION("CCVS: branch row reads v(p) - v(n) - r i_sense") {
        Ccvs h("h", SourceRange{}, a, b, &vs, 250.0);
        h.allocateUnknowns(c.nodes());
        SparsePattern bigger = cablespice::test::conformance_detail::densePattern(c.nodes().count());
        h.bindSlots(bigger);
        auto loaded = cablespice::test::conformance_detail::load(h, bigger.nnz());
        Eigen::MatrixXd g = cablespice::test::denseMatrix(bigger, loaded.g);
        Unknown kh = h.branchCurrent();
        CHECK(at(g, kh, a) == 1.0);
        CHECK(at(g, kh, b) == -1.0);
        CHECK(at(g, kh, kv) == -250.0);
        CHECK(at(g, a, kh) == 1.0);
        CHECK(at(g, b, kh) == -1.0);
    }
    SECTION("sources: V writes only its branch row of b, I leaves n+ and enters n-") {
        VoltageSource v("v", SourceRange{}, a, b, dcValue(3.0));
        v.allocateUnknowns(c.nodes());
        CurrentSource i("i", SourceRange{}, a, b, dcValue(2e-3));
        std::vector<double> bv(static_cast<std::size_t>(c.nodes().count()) + 1, 0.0), bi = bv;
        v.loadDc(bv, 1.0);
        i.loadDc(bi, 1.0);
        for (Unknown u = 0; u <= c.nodes().count(); ++u)
            CHECK(bv[static_cast<std::size_t>(u)] == (u == v.branchCurrent() ? 3.0 : 0.0));
        CHECK(bi[static_cast<std::size_t>(a)] == -2e-3);
        CHECK(bi[static_cast<std::size_t>(b)] == 2e-3);
    }
}

// ---------------------------------------------------------------------------------------------
// The harness itself must catch broken devices; each of these breaks exactly one rule.
namespace {

enum class Fault { UndeclaredEntry, WrongKind, BrokenKcl, Overwrites, Stateful, GroundAsymmetric };

class FaultyConductance final : public Device {
public:
    FaultyConductance(Unknown a, Unknown b, Fault fault)
        : Device("x1", SourceRange{}), a_(a), b_(b), fault_(fault) {}

    void declareEntries(PatternBuilder& pattern) const override {
        EntryKind kind = fault_ == Fault::WrongKind ? EntryKind::Reactive : EntryKind::Resistive;
        pattern.add(a_, a_, kind);
        pattern.add(b_, b_, kind);
        if (fault_ != Fault::UndeclaredEntry) {
            pattern.add(a_, b_, kind);
            pattern.add(b_, a_, kind);
        }
    }
    void bindSlots(const SparsePattern& pattern) override {
        aa_ = pattern.slot(a_, a_);
        bb_ = pattern.slot(b_, b_);
        // Looks up entries even when not declared (the bug under test); outside a dense
        // pattern this would land in the bucket.
        ab_ = pattern.contains(a_, b_) ? pattern.slot(a_, b_) : pattern.bucket();
        ba_ = pattern.contains(b_, a_) ? pattern.slot(b_, a_) : pattern.bucket();
    }
    void loadConstant(ConstantLoad& load) const override {
        double y = 1e-3 * static_cast<double>(++loads_ % 2 == 0 && fault_ == Fault::Stateful ? 2 : 1);
        if (fault_ == Fault::Overwrites) {
            load.g.set(aa_, y);
        } else {
            load.g.add(aa_, y);
        }
        load.g.add(bb_, y);
        load.g.add(ab_, -y);
        load.g.add(ba_, fault_ == Fault::BrokenKcl ? -2 * y : -y);
        // Writes a different value when the second terminal is ground (a branchy stamp).
        if (fault_ == Fault::GroundAsymmetric && b_ == kGround) load.g.add(aa_, y);
    }
    std::vector<Unknown> terminals() const override { return {a_, b_}; }

private:
    Unknown a_, b_;
    Fault fault_;
    Slot aa_ = 0, ab_ = 0, ba_ = 0, bb_ = 0;
    mutable int loads_ = 0;
};

ConformanceCase faultyCase(Fault fault) {
    return {"faulty", "x1", {"b"}, [fault](Circuit& c, const NodeMap& node) {
                c.adopt(std::make_unique<FaultyConductance>(node("a"), node("b"), fault));
            }};
}

bool mentions(const std::vector<std::string>& violations, std::string_view text) {
    for (const auto& v : violations)
        if (v.find(text) != std::string::npos) return true;
    return false;
}

} // namespace

TEST_CASE("The conformance harness flags writes to undeclared entries", "[device]") {
    auto v = cablespice::test::conformanceViolations(faultyCase(Fault::UndeclaredEntry));
    CHECK(mentions(v, "undeclared entry (a, b)"));
    CHECK(mentions(v, "undeclared entry (b, a)"));
    CHECK(mentions(v, "bucket of the device's own pattern"));
}

TEST_CASE("The conformance harness flags G written on entries declared Reactive", "[device]") {
    auto v = cablespice::test::conformanceViolations(faultyCase(Fault::WrongKind));
    CHECK(mentions(v, "G written at an entry declared Reactive only"));
}

TEST_CASE("The conformance harness flags a stamp whose columns break KCL", "[device]") {
    auto v = cablespice::test::conformanceViolations(faultyCase(Fault::BrokenKcl));
    CHECK(mentions(v, "KCL: node rows of G do not sum to zero in column a"));
}

TEST_CASE("The conformance harness flags a device that overwrites shared slots", "[device]") {
    auto v = cablespice::test::conformanceViolations(faultyCase(Fault::Overwrites));
    CHECK(mentions(v, "overwrites values"));
}

TEST_CASE("The conformance harness flags a loadConstant that is not idempotent", "[device]") {
    auto v = cablespice::test::conformanceViolations(faultyCase(Fault::Stateful));
    CHECK(mentions(v, "not idempotent"));
}

TEST_CASE("The conformance harness flags a stamp that changes when a terminal is grounded", "[device]") {
    auto v = cablespice::test::conformanceViolations(faultyCase(Fault::GroundAsymmetric));
    CHECK(mentions(v, "grounding b changed entry (a, a)"));
}

TEST_CASE("A correct conductance gives no conformance violations", "[device]") {
    CHECK(cablespice::test::conformanceViolations(resistorCase()).empty());
}
