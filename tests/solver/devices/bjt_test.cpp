#include "solver/devices/bjt.hpp"

#include "solver/analysis/ac_analysis.hpp"
#include "solver/analysis/operating_point.hpp"

#include "tests/solver/analysis/transient_recorder.hpp"
#include "tests/support/circuit_builders.hpp"
#include "tests/support/device_conformance.hpp"
#include "tests/support/nonlinear_conformance.hpp"

#include <cmath>
#include <complex>
#include <numbers>

// The Gummel-Poon transistor: Jacobians against finite differences in every region, and its
// currents, charges and temperature constants against the model's closed forms (the SPICE3
// Gummel-Poon equations as published in the SPICE user's guides and Massobrio & Antognetti,
// "Semiconductor Device Modeling with SPICE", ch. 2), with ngspice 39's k/q.

using namespace cablespice::solver;
using namespace cablespice::test;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

double vtAt(double celsius) { return 1.38064852e-23 * (celsius + 273.15) / 1.6021766208e-19; }

BjtModelParameters fullModel(int polarity) {
    BjtModelParameters m;
    m.polarity = polarity;
    m.is = 2e-15;
    m.bf = 150.0;
    m.nf = 1.02;
    m.vaf = 60.0;
    m.ikf = 20e-3;
    m.ise = 5e-14;
    m.ne = 1.6;
    m.br = 3.0;
    m.nr = 1.01;
    m.var = 15.0;
    m.ikr = 4e-3;
    m.isc = 1e-14;
    m.nc = 1.8;
    m.rb = 150.0;
    m.irb = 0.2e-3;
    m.rbm = 15.0;
    m.re = 1.5;
    m.rc = 12.0;
    m.cje = 3e-12;
    m.mje = 0.35;
    m.cjc = 2e-12;
    m.vjc = 0.6;
    m.mjc = 0.4;
    m.xcjc = 0.7;
    m.cjs = 1.5e-12;
    m.mjs = 0.3;
    m.tf = 0.4e-9;
    m.xtf = 2.0;
    m.vtf = 3.0;
    m.itf = 50e-3;
    m.tr = 40e-9;
    return m;
}

// c, b, e, s held by resistors (a finalized circuit for the pattern; only the transistor loads).
struct BjtFixture {
    Circuit circuit;
    Bjt* bjt = nullptr;
    explicit BjtFixture(const BjtConstants& constants, double multiplier = 1.0) {
        Bjt::Terminals t{node(circuit, "c"), node(circuit, "b"), node(circuit, "e"), node(circuit, "s")};
        bjt = &circuit.add<Bjt>("q1", cablespice::SourceRange{}, t, constants, multiplier);
        for (const char* n : {"c", "b", "e", "s"}) addResistor(circuit, "r" + std::string(n), n, "0", 1e3);
        circuit.finalize();
    }
    // Node voltages giving the intrinsic vbe and vbc (device polarity), with a few mV across
    // RB, RC and RE and the substrate 2 V below the collector (NPN sense).
    std::vector<double> at(double vbe, double vbc) const {
        const double type = bjt->constants().polarity;
        std::vector<double> x(static_cast<std::size_t>(circuit.unknownCount()) + 1, 0.0);
        auto set = [&](Unknown u, double v) { x[static_cast<std::size_t>(u)] = type * v; };
        const double ePrime = 0.3, bPrime = ePrime + vbe, cPrime = bPrime - vbc;
        set(*circuit.nodes().findNode("e"), ePrime - 0.004);
        set(*circuit.nodes().findNode("b"), bPrime + 0.012);
        set(*circuit.nodes().findNode("c"), cPrime + 0.02);
        set(*circuit.nodes().findNode("s"), cPrime - 2.0);
        set(bjt->emitterPrime(), ePrime);
        set(bjt->basePrime(), bPrime);
        set(bjt->collectorPrime(), cPrime);
        return x;
    }
    double current(const NonlinearLoadResult& r, Unknown u) const { return r.f[static_cast<std::size_t>(u)]; }
};

struct Bias {
    const char* region;
    double vbe, vbc;
};
constexpr Bias kBiases[] = {
    {"forward active", 0.68, -3.0},   {"high injection", 0.85, -1.0}, {"saturation", 0.78, 0.62},
    {"reverse active", -2.0, 0.7},    {"cut-off", -1.0, -6.0},         {"near zero", 0.02, -0.015},
    {"B-E above FC*VJE", 0.5, -0.2},  {"B-C above FC*VJC", 0.3, 0.45},
};

void checkEveryRegion(const BjtConstants& constants, double multiplier = 1.0) {
    BjtFixture fixture(constants, multiplier);
    for (const auto& bias : kBiases) {
        INFO(bias.region << ": vbe = " << bias.vbe << ", vbc = " << bias.vbc);
        checkNonlinearJacobian(fixture.circuit, *fixture.bjt, fixture.at(bias.vbe, bias.vbc));
        checkNonlinearEquivalents(fixture.circuit, *fixture.bjt, fixture.at(bias.vbe, bias.vbc));
    }
}

} // namespace

TEST_CASE("BJT Jacobian and capacitances match finite differences of its currents and charges in every region",
          "[device][bjt]") {
    SECTION("NPN, IRB-modulated base resistance, vertical substrate") {
        checkEveryRegion(bjtConstants(fullModel(1), 1.0, 27.0, 27.0));
    }
    SECTION("NPN, base resistance modulated by qb (no IRB), area 3, m = 2, at 80 degC") {
        auto model = fullModel(1);
        model.irb = 0.0;
        checkEveryRegion(bjtConstants(model, 3.0, 80.0, 27.0), 2.0);
    }
    SECTION("PNP, lateral substrate (ngspice's default for PNP)") {
        checkEveryRegion(bjtConstants(fullModel(-1), 1.0, 27.0, 27.0));
    }
    SECTION("PNP made vertical, no series resistances") {
        auto model = fullModel(-1);
        model.substrate = 1;
        model.rb = model.re = model.rc = 0.0;
        model.rbm.reset();
        checkEveryRegion(bjtConstants(model, 1.0, 27.0, 27.0));
    }
}

TEST_CASE("BJT with ngspice's defaults: ic and ib are the Ebers-Moll currents plus gmin", "[device][bjt]") {
    const BjtModelParameters defaults;  // IS = 1e-16, BF = 100, BR = 1, no Early, no knee
    const auto k = bjtConstants(defaults, 1.0, 27.0, 27.0);
    const double vt = vtAt(27.0), gmin = 1e-12, vbe = 0.65, vbc = -4.35;
    const auto e = evaluateBjt(k, {vbe, vbc, vbc, 0.0, 0.0}, gmin);
    const double cbe = 1e-16 * std::expm1(vbe / vt), cbc = 1e-16 * std::expm1(vbc / vt);
    CHECK_THAT(e.collector.value, WithinRel(cbe - cbc - cbc / 1.0 - gmin * vbc, 1e-12));
    CHECK_THAT(e.base.value, WithinRel(cbe / 100.0 + gmin * vbe + cbc / 1.0 + gmin * vbc, 1e-12));
    CHECK_THAT(e.collector.dVbe, WithinRel(1e-16 * std::exp(vbe / vt) / vt, 1e-12));  // gm = ic/vt
    CHECK_THAT(k.vcrit, WithinRel(vt * std::log(vt / (std::sqrt(2.0) * 1e-16)), 1e-14));
}

TEST_CASE("BJT base charge qb: Early voltage and high injection divide the transport current", "[device][bjt]") {
    BjtModelParameters m;
    m.is = 1e-15;
    m.vaf = 40.0;
    m.var = 10.0;
    m.ikf = 1e-3;
    m.br = 2.0;
    const auto k = bjtConstants(m, 1.0, 27.0, 27.0);
    const double vt = vtAt(27.0), vbe = 0.75, vbc = -3.0, gmin = 1e-12;
    const auto e = evaluateBjt(k, {vbe, vbc, vbc, 0.0, 0.0}, gmin);
    const double cbe = 1e-15 * std::expm1(vbe / vt), cbc = 1e-15 * std::expm1(vbc / vt);
    // qb = q1 (1 + sqrt(1 + 4 q2)) / 2, q1 = 1/(1 - vbc/VAF - vbe/VAR), q2 = cbe/IKF
    const double q1 = 1.0 / (1.0 - vbc / 40.0 - vbe / 10.0);
    const double qb = q1 * (1.0 + std::sqrt(1.0 + 4.0 * cbe / 1e-3)) / 2.0;
    CHECK_THAT(e.collector.value, WithinRel((cbe - cbc) / qb - cbc / 2.0 - gmin * vbc, 1e-12));
}

TEST_CASE("BJT base resistance: RB at low base current and RBM at high, with IRB, RBM + (RB - RBM)/qb without",
          "[device][bjt]") {
    BjtModelParameters m;
    m.rb = 200.0;
    m.rbm = 20.0;
    m.ikf = 1e-3;
    SECTION("IRB: RBM + 3 (RB - RBM)(tan z - z)/(z tan^2 z), z from ib/IRB; RB at no current") {
        m.irb = 1e-4;
        const auto k = bjtConstants(m, 1.0, 27.0, 27.0);
        const auto low = evaluateBjt(k, {0.3, -1.0, -1.0, 0.0, 0.0}, 1e-12);
        CHECK_THAT(1.0 / low.baseConductance.value, WithinRel(200.0, 1e-6));
        const double vt = vtAt(27.0), vbe = 0.95, vbc = -1.0, gmin = 1e-12;
        const double ib = 1e-16 * std::expm1(vbe / vt) / 100.0 + gmin * vbe + 1e-16 * std::expm1(vbc / vt) + gmin * vbc;
        const double a = ib / 1e-4;  // ~90: the resistance well on its way to RBM
        const double z = (std::sqrt(1.0 + 14.59025 * a) - 1.0) / (2.4317 * std::sqrt(a));
        const double t = std::tan(z);
        const auto high = evaluateBjt(k, {vbe, vbc, vbc, 0.0, 0.0}, gmin);
        CHECK_THAT(1.0 / high.baseConductance.value, WithinRel(20.0 + 3.0 * 180.0 * (t - z) / (z * t * t), 1e-12));
        CHECK(1.0 / high.baseConductance.value < 40.0);
    }
    SECTION("no IRB: RBM + (RB - RBM)/qb") {
        const auto k = bjtConstants(m, 1.0, 27.0, 27.0);
        const double vt = vtAt(27.0), vbe = 0.8;
        const auto e = evaluateBjt(k, {vbe, -1.0, -1.0, 0.0, 0.0}, 1e-12);
        const double qb = (1.0 + std::sqrt(1.0 + 4.0 * 1e-16 * std::expm1(vbe / vt) / 1e-3)) / 2.0;
        CHECK_THAT(1.0 / e.baseConductance.value, WithinRel(20.0 + 180.0 / qb, 1e-12));
    }
}

TEST_CASE("BJT temperature: IS (T/Tnom)^XTI exp((T/Tnom - 1) EG/vt), beta (T/Tnom)^XTB, ISE over NE", "[device][bjt]") {
    BjtModelParameters m;
    m.is = 1e-15;
    m.bf = 200.0;
    m.br = 2.0;
    m.ise = 1e-13;
    m.ne = 1.5;
    m.xtb = 1.7;
    m.xti = 3.5;
    m.eg = 1.12;
    const double celsius = 85.0, ratio = (85.0 + 273.15) / (27.0 + 273.15), vt = vtAt(85.0);
    const auto k = bjtConstants(m, 2.0, celsius, 27.0);
    const double factor = std::pow(ratio, 3.5) * std::exp((ratio - 1.0) * 1.12 / vt);
    CHECK_THAT(k.beSaturation, WithinRel(2.0 * 1e-15 * factor, 1e-12));
    CHECK_THAT(k.betaF, WithinRel(200.0 * std::pow(ratio, 1.7), 1e-12));
    CHECK_THAT(k.betaR, WithinRel(2.0 * std::pow(ratio, 1.7), 1e-12));
    CHECK_THAT(k.beLeakage, WithinRel(2.0 * 1e-13 * std::pow(factor, 1.0 / 1.5) / std::pow(ratio, 1.7), 1e-12));
    CHECK_THAT(k.vt, WithinRel(vt, 1e-14));
}

TEST_CASE("BJT depletion charges: CJC split by XCJC between b'-c' and b-c', each CJ (1 - v/VJ)^-M", "[device][bjt]") {
    BjtModelParameters m;
    m.cje = 2e-12;
    m.vje = 0.8;
    m.mje = 0.5;
    m.cjc = 1e-12;
    m.vjc = 0.6;
    m.mjc = 0.5;
    m.xcjc = 0.3;
    const auto k = bjtConstants(m, 1.0, 27.0, 27.0);  // at TNOM: VJ and CJ unchanged
    const auto e = evaluateBjt(k, {-1.0, -2.0, -3.0, 0.0, 0.0}, 0.0);
    CHECK_THAT(e.qbe.dVbe, WithinRel(2e-12 / std::sqrt(1.0 + 1.0 / 0.8), 1e-12));
    CHECK_THAT(e.qbe.value, WithinRel(2.0 * 2e-12 * 0.8 * (1.0 - std::sqrt(1.0 + 1.0 / 0.8)), 1e-12));
    CHECK_THAT(e.qbc.dVbc, WithinRel(0.3e-12 / std::sqrt(1.0 + 2.0 / 0.6), 1e-12));
    CHECK_THAT(e.capbx, WithinRel(0.7e-12 / std::sqrt(1.0 + 3.0 / 0.6), 1e-12));
}

TEST_CASE("A PNP is an NPN with every voltage and current reversed", "[device][bjt]") {
    auto npnModel = fullModel(1), pnpModel = fullModel(-1);
    npnModel.substrate = pnpModel.substrate = 1;
    BjtFixture npn(bjtConstants(npnModel, 1.0, 27.0, 27.0)), pnp(bjtConstants(pnpModel, 1.0, 27.0, 27.0));
    const auto n = loadNonlinearAt(npn.circuit, *npn.bjt, npn.at(0.7, -2.0));
    const auto p = loadNonlinearAt(pnp.circuit, *pnp.bjt, pnp.at(0.7, -2.0));
    for (const char* terminal : {"c", "b", "e", "s"}) {
        INFO(terminal);
        const auto u = *npn.circuit.nodes().findNode(terminal);
        CHECK(n.f[static_cast<std::size_t>(u)] == -p.f[static_cast<std::size_t>(u)]);
    }
    for (auto u : {npn.bjt->collectorPrime(), npn.bjt->basePrime(), npn.bjt->emitterPrime()}) {
        CHECK(n.f[static_cast<std::size_t>(u)] == -p.f[static_cast<std::size_t>(u)]);
        CHECK(n.q[static_cast<std::size_t>(u)] == -p.q[static_cast<std::size_t>(u)]);
    }
}

TEST_CASE("BJT passes the device conformance checks (its linear RC and RE)", "[device][bjt]") {
    const auto constants = bjtConstants(fullModel(1), 1.0, 27.0, 27.0);
    checkDeviceConformance({"bjt with RB, RC, RE", "q1", {"c", "b", "e", "s"}, [constants](Circuit& c, const NodeMap& node) {
                                c.add<Bjt>("q1", cablespice::SourceRange{},
                                           Bjt::Terminals{node("c"), node("b"), node("e"), node("s")}, constants, 2.0);
                            }});
}

namespace {

NonlinearLoadResult loadWithBypass(const Circuit& circuit, Bjt& bjt, std::span<const double> x, const Tolerances& tol) {
    const auto size = static_cast<std::size_t>(circuit.unknownCount()) + 1;
    NonlinearLoadResult r{MatrixValues(circuit.pattern().nnz()), MatrixValues(circuit.pattern().nnz()),
                          std::vector<double>(size), std::vector<double>(size), std::vector<double>(size),
                          std::vector<double>(size)};
    NonlinearLoad load{x, r.g, r.c, r.f, r.q, r.fEquivalent, r.qEquivalent, 1e-12, true, false, 0};
    load.bypass = &tol;
    bjt.loadNonlinear(load);
    return r;
}

} // namespace

TEST_CASE("BJT bypass: within SPICE's tolerances it loads its last evaluation carried linearly, else it evaluates",
          "[device][bjt]") {
    BjtFixture fixture(bjtConstants(fullModel(1), 1.0, 27.0, 27.0));
    const Tolerances tol;
    const auto x0 = fixture.at(0.68, -3.0);
    const auto first = loadNonlinearAt(fixture.circuit, *fixture.bjt, x0);
    auto nudged = x0;
    nudged[static_cast<std::size_t>(fixture.bjt->basePrime())] += 1e-8;  // vbe and vbc move by 10 nV
    const auto bypassed = loadWithBypass(fixture.circuit, *fixture.bjt, nudged, tol);
    const auto fresh = loadNonlinearAt(fixture.circuit, *fixture.bjt, nudged);
    const auto g = first.g.all(), gBypassed = bypassed.g.all();
    // The old linearisation (the base resistance's terms move with vbb only), and values within
    // a millionth of the fresh evaluation's, far inside reltol (the Jacobian within 1e-5).
    for (std::size_t k = 0; k < g.size(); ++k)
        CHECK_THAT(gBypassed[k], WithinRel(g[k], 1e-5) || Catch::Matchers::WithinAbs(g[k], 1e-15));
    for (std::size_t u = 1; u < fresh.f.size(); ++u) {
        INFO("row " << u);
        CHECK_THAT(bypassed.f[u], WithinRel(fresh.f[u], 1e-6) || Catch::Matchers::WithinAbs(fresh.f[u], 1e-18));
        CHECK_THAT(bypassed.q[u], WithinRel(fresh.q[u], 1e-6) || Catch::Matchers::WithinAbs(fresh.q[u], 1e-27));
    }
    auto moved = x0;
    moved[static_cast<std::size_t>(fixture.bjt->basePrime())] += 1e-2;  // 10 mV: evaluated again
    const auto evaluated = loadWithBypass(fixture.circuit, *fixture.bjt, moved, tol);
    const auto reference = loadNonlinearAt(fixture.circuit, *fixture.bjt, moved);
    for (std::size_t u = 1; u < reference.f.size(); ++u) CHECK(evaluated.f[u] == reference.f[u]);
}

namespace {

// IS, BF, TF and PTF only: qb = 1, so the forward transport current is IS (exp(vbe/vt) - 1).
BjtConstants excessPhaseConstants(double tf, double ptfDegrees) {
    BjtModelParameters m;
    m.tf = tf;
    m.ptf = ptfDegrees;
    return bjtConstants(m, 1.0, 27.0, 27.0);
}

double forwardCurrent(double vbe) { return 1e-16 * std::expm1(vbe / vtAt(27.0)); }

} // namespace

TEST_CASE("BJT with excess phase: TD = PTF (radians) * TF, and no delay in a steady state", "[device][bjt]") {
    const auto k = excessPhaseConstants(1e-9, 30.0);
    CHECK_THAT(k.excessPhaseDelay, WithinRel(30.0 * std::numbers::pi / 180.0 * 1e-9, 1e-15));
    BjtFixture fixture(k);
    BjtFixture plain(excessPhaseConstants(1e-9, 0.0));
    const auto x = fixture.at(0.7, -2.0);
    fixture.bjt->acceptSolution(fixture.at(0.6, -2.0), 0.0);
    const auto delayed = loadNonlinearAt(fixture.circuit, *fixture.bjt, x);  // timeStep 0: DC
    const auto reference = loadNonlinearAt(plain.circuit, *plain.bjt, x);
    for (std::size_t u = 1; u < reference.f.size(); ++u) CHECK(delayed.f[u] == reference.f[u]);
}

TEST_CASE("BJT with excess phase: a transient step delays the forward current by the discretised second-order "
          "equation, and only accepted steps move it", "[device][bjt]") {
    const double tf = 1e-9, td = 30.0 * std::numbers::pi / 180.0 * tf;
    BjtFixture fixture(excessPhaseConstants(tf, 30.0));
    BjtFixture plain(excessPhaseConstants(tf, 0.0));
    const Unknown collector = *fixture.circuit.nodes().findNode("c");
    const auto x0 = fixture.at(0.70, -2.0), x1 = fixture.at(0.72, -2.0), x2 = fixture.at(0.69, -2.0);
    const double f0 = forwardCurrent(0.70), f1 = forwardCurrent(0.72), f2 = forwardCurrent(0.69);
    // The collector current's change against the undelayed model: y - F at the end of the step.
    auto delayShare = [&](const std::vector<double>& x, double h) {
        return fixture.current(loadNonlinearAt(fixture.circuit, *fixture.bjt, x, 1e-12, h), collector) -
               fixture.current(loadNonlinearAt(plain.circuit, *plain.bjt, x), collector);
    };
    fixture.bjt->acceptSolution(x0, 0.0);
    const double h = 50e-12, a = 3.0 * h / td, b = a * h / td;
    const double y1 = (f0 * (1.0 + a) + b * f1) / (1.0 + a + b);
    CHECK_THAT(delayShare(x1, h), WithinRel(y1 - f1, 1e-9));
    // A rejected try (another step, another iterate) leaves nothing: the retry sees the same history.
    (void)delayShare(x2, 7e-12);
    CHECK_THAT(delayShare(x1, h), WithinRel(y1 - f1, 1e-9));
    fixture.bjt->acceptSolution(x1, h);
    const double h2 = 80e-12, a2 = 3.0 * h2 / td, b2 = a2 * h2 / td;
    const double y2 = (y1 * (1.0 + h2 / h + a2) - f0 * h2 / h + b2 * f2) / (1.0 + a2 + b2);
    CHECK_THAT(delayShare(x2, h2), WithinRel(y2 - f2, 1e-9));
}

TEST_CASE("BJT with excess phase: mid-transient, the Jacobian matches finite differences of its delayed currents "
          "in every region", "[device][bjt]") {
    auto model = fullModel(GENERATE(1, -1));
    model.ptf = 50.0;
    BjtFixture fixture(bjtConstants(model, 1.0, 27.0, 27.0));
    fixture.bjt->acceptSolution(fixture.at(0.66, -3.0), 0.0);
    fixture.bjt->acceptSolution(fixture.at(0.70, -2.9), 30e-12);  // a history with y1 != y2
    for (const auto& bias : kBiases) {
        INFO(bias.region << ": vbe = " << bias.vbe << ", vbc = " << bias.vbc);
        checkNonlinearJacobian(fixture.circuit, *fixture.bjt, fixture.at(bias.vbe, bias.vbc), 1e-6, true, 20e-12);
        checkNonlinearEquivalents(fixture.circuit, *fixture.bjt, fixture.at(bias.vbe, bias.vbc), 20e-12);
    }
}

TEST_CASE("BJT with excess phase: the bypass reuses only an evaluation delayed over the same step and history",
          "[device][bjt]") {
    auto model = fullModel(1);
    model.ptf = 50.0;
    BjtFixture fixture(bjtConstants(model, 1.0, 27.0, 27.0));
    const Tolerances tol;
    const auto x0 = fixture.at(0.68, -3.0);
    fixture.bjt->acceptSolution(fixture.at(0.66, -3.0), 0.0);
    auto nudged = x0;
    nudged[static_cast<std::size_t>(fixture.bjt->basePrime())] += 1e-8;
    auto bypassLoad = [&](std::span<const double> x, double h) {
        const auto size = static_cast<std::size_t>(fixture.circuit.unknownCount()) + 1;
        NonlinearLoadResult r{MatrixValues(fixture.circuit.pattern().nnz()), MatrixValues(fixture.circuit.pattern().nnz()),
                              std::vector<double>(size), std::vector<double>(size), std::vector<double>(size),
                              std::vector<double>(size)};
        NonlinearLoad load{x, r.g, r.c, r.f, r.q, r.fEquivalent, r.qEquivalent, 1e-12, true, false, 0};
        load.bypass = &tol;
        load.timeStep = h;
        fixture.bjt->loadNonlinear(load);
        return r;
    };
    const Unknown collector = fixture.bjt->collectorPrime();
    (void)loadNonlinearAt(fixture.circuit, *fixture.bjt, x0, 1e-12, 20e-12);
    const auto fresh = loadNonlinearAt(fixture.circuit, *fixture.bjt, nudged, 1e-12, 20e-12);
    (void)loadNonlinearAt(fixture.circuit, *fixture.bjt, x0, 1e-12, 20e-12);
    // Same step: bypassed, within a millionth of the fresh evaluation.
    CHECK_THAT(fixture.current(bypassLoad(nudged, 20e-12), collector), WithinRel(fixture.current(fresh, collector), 1e-6));
    // Another step (a retry after a rejection): evaluated again, exactly the fresh value.
    const auto other = loadNonlinearAt(fixture.circuit, *fixture.bjt, nudged, 1e-12, 10e-12);
    (void)loadNonlinearAt(fixture.circuit, *fixture.bjt, x0, 1e-12, 20e-12);
    CHECK(fixture.current(bypassLoad(nudged, 10e-12), collector) == fixture.current(other, collector));
    // After an accepted point (a new history, the same step): evaluated again (loads leave the
    // history alone, so the fresh load after it sees the same).
    (void)loadNonlinearAt(fixture.circuit, *fixture.bjt, x0, 1e-12, 20e-12);
    fixture.bjt->acceptSolution(x0, 20e-12);
    const double afterAccept = fixture.current(bypassLoad(nudged, 20e-12), collector);
    const auto next = loadNonlinearAt(fixture.circuit, *fixture.bjt, nudged, 1e-12, 20e-12);
    CHECK(afterAccept == fixture.current(next, collector));
    CHECK(afterAccept != fixture.current(fresh, collector));
}

namespace {

// VB b 0 DC vbe AC 1; VC c 0 DC 2; Q1 c b 0: with no RB, RC, RE, CJC or TR, the collector's AC
// current is gm exp(-j omega td) vbe (plus gmin and the reverse junction's ~1e-30 S).
std::complex<double> collectorTransadmittance(const BjtConstants& k, double vbe, double omega) {
    Circuit circuit;
    addVoltageSource(circuit, "vb", "b", "0", vbe, 1.0);
    auto& vc = addVoltageSource(circuit, "vc", "c", "0", 2.0);
    circuit.add<Bjt>("q1", cablespice::SourceRange{}, Bjt::Terminals{node(circuit, "c"), node(circuit, "b"), kGround, kGround}, k);
    circuit.finalize();
    auto op = solveDcOperatingPoint(circuit, DcSettings{});
    REQUIRE(op.ok());
    AcSystem system(circuit, op.value().linearised.g, op.value().linearised.c, op.value().linearised.x);
    REQUIRE(system.factorAt(omega).ok());
    std::vector<std::complex<double>> x(static_cast<std::size_t>(circuit.unknownCount()) + 1);
    system.loadExcitation(x);
    REQUIRE(system.solve(x).ok());
    return -x[static_cast<std::size_t>(vc.branchCurrent())];  // i(vc) flows into the source's + node
}

} // namespace

TEST_CASE("BJT with excess phase: in AC the transconductance is gm exp(-j omega PTF TF), -PTF at 1/(2 pi TF)",
          "[device][bjt][ac]") {
    const double tf = 0.4e-9, vbe = 0.72;
    const double gm = 1e-16 * std::exp(vbe / vtAt(27.0)) / vtAt(27.0);
    for (double omega : {1.0 / tf, 2.0 * std::numbers::pi * 100e6, 2.0 * std::numbers::pi * 2e9}) {
        INFO("omega = " << omega);
        const auto delayed = collectorTransadmittance(excessPhaseConstants(tf, 60.0), vbe, omega);
        const auto plain = collectorTransadmittance(excessPhaseConstants(tf, 0.0), vbe, omega);
        const double td = 60.0 * std::numbers::pi / 180.0 * tf;
        CHECK_THAT(std::abs(delayed), WithinRel(gm, 1e-9));
        CHECK_THAT(std::arg(delayed), WithinAbs(std::remainder(-omega * td, 2.0 * std::numbers::pi), 1e-9));
        CHECK_THAT(std::abs(plain), WithinRel(gm, 1e-9));
        CHECK_THAT(std::arg(plain), WithinAbs(0.0, 1e-9));
    }
    const auto atCorner = collectorTransadmittance(excessPhaseConstants(tf, 60.0), vbe, 1.0 / tf);
    CHECK_THAT(std::arg(atCorner) * 180.0 / std::numbers::pi, WithinAbs(-60.0, 1e-7));
}

namespace {

// VB b 0 PWL(0 v0, t0 v0, t0 + 0.5 ps v1); VC c 0 2; Q1 c b 0 with IS, TF, PTF only: the
// collector current is the forward transport current through the delay (the B-C junction is
// reverse biased: ~1e-16 A, gmin 1.3e-12 A), the TF charge loads only VB.
std::vector<std::pair<double, double>> collectorCurrentAfterBaseStep(double ptfDegrees, double v0, double v1, double t0,
                                                                     double tmax, double tstop) {
    Circuit circuit;
    addWaveformSource(circuit, "vb", "b", "0",
                      waveformValue(WaveformKind::Pwl, {0.0, v0, t0, v0, t0 + 0.5e-12, v1}, tmax, tstop));
    auto& vc = addVoltageSource(circuit, "vc", "c", "0", 2.0);
    circuit.add<Bjt>("q1", cablespice::SourceRange{}, Bjt::Terminals{node(circuit, "c"), node(circuit, "b"), kGround, kGround},
                     excessPhaseConstants(0.4e-9, ptfDegrees));
    circuit.finalize();
    auto spec = tranSpec(tmax, tstop);
    spec.tmax = tmax;
    TransientRecorder recorder;
    runOk(circuit, spec, TransientOptions{}, recorder);
    std::vector<std::pair<double, double>> current;
    for (std::size_t k = 0; k < recorder.times.size(); ++k)
        current.emplace_back(recorder.times[k], -recorder.points[k][static_cast<std::size_t>(vc.branchCurrent())]);
    return current;
}

} // namespace

TEST_CASE("BJT with excess phase in a transient: the collector current follows a base step through the "
          "second-order delay's closed form, within its first-order discretisation error", "[device][bjt][tran]") {
    // (td²/3) y'' + td y' + y = F: y = F0 + (F1 - F0) (1 - exp(-a t)(cos bt + (a/b) sin bt)),
    // a = 1.5/td, b = (sqrt 3/2)/td. Backward differences at h = td/400 are within 0.33 h/td =
    // 8.3e-4 of the step (bjt_excess_phase_test.cpp; measured here 7.8e-4); the bound 2e-3
    // leaves room for the ramp and the breakpoint's shorter steps, and fails a delay 1 % longer
    // (the closed forms for td and 1.01 td differ by up to 5.9e-3 of the step).
    const double td = 60.0 * std::numbers::pi / 180.0 * 0.4e-9, t0 = 0.1e-9, tStep = t0 + 0.25e-12;
    const double f0 = forwardCurrent(0.70), f1 = forwardCurrent(0.72);
    const auto delayed = collectorCurrentAfterBaseStep(60.0, 0.70, 0.72, t0, td / 400.0, 2.0e-9);
    const double a = 1.5 / td, b = std::sqrt(3.0) / 2.0 / td;
    double worst = 0.0;
    for (const auto& [t, current] : delayed) {
        const double u = std::max(0.0, t - tStep);
        const double expected = f0 + (f1 - f0) * (1.0 - std::exp(-a * u) * (std::cos(b * u) + a / b * std::sin(b * u)));
        worst = std::max(worst, std::abs(current - expected) / (f1 - f0));
    }
    CHECK(worst < 2e-3);
    // Without PTF the collector follows at once: 0.2 ns after the step it is at F1, where the
    // delayed current has covered 21 % of the way (the closed form at 0.48 td).
    const auto prompt = collectorCurrentAfterBaseStep(0.0, 0.70, 0.72, t0, td / 400.0, 2.0e-9);
    auto at = [](const std::vector<std::pair<double, double>>& wave, double t) {
        const auto it = std::lower_bound(wave.begin(), wave.end(), std::pair<double, double>{t, -1e300});
        return it->second;
    };
    CHECK_THAT(at(prompt, t0 + 0.2e-9), WithinRel(f1, 1e-6));
    CHECK(at(delayed, t0 + 0.2e-9) < f0 + 0.5 * (f1 - f0));
}
