#include "solver/devices/bjt.hpp"

#include "tests/support/circuit_builders.hpp"
#include "tests/support/device_conformance.hpp"
#include "tests/support/nonlinear_conformance.hpp"

#include <cmath>

// The Gummel-Poon transistor: Jacobians against finite differences in every region, and its
// currents, charges and temperature constants against the model's closed forms (the SPICE3
// Gummel-Poon equations as published in the SPICE user's guides and Massobrio & Antognetti,
// "Semiconductor Device Modeling with SPICE", ch. 2), with ngspice 39's k/q.

using namespace cablespice::solver;
using namespace cablespice::test;
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
