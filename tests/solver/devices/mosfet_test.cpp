#include "solver/devices/mosfet.hpp"

#include "solver/devices/fet_voltage_limit.hpp"
#include "solver/devices/mosfet_channel.hpp"
#include "solver/devices/mosfet_level1.hpp"
#include "solver/devices/mosfet_meyer.hpp"
#include "tests/support/circuit_builders.hpp"
#include "tests/support/device_conformance.hpp"
#include "tests/support/nonlinear_conformance.hpp"

#include <cmath>

using namespace cablespice::solver;
using namespace cablespice::test;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

// Level 1 with every charge that is a true function of the voltages (bulk junctions from CBD/CBS
// and CJSW, overlaps); Meyer's capacitances (TOX) are checked against closed forms below.
MosfetModelParameters junctionModel(int polarity) {
    MosfetModelParameters m;
    m.polarity = polarity;
    m.vto = 0.8 * polarity;
    m.kp = 60e-6;
    m.gamma = 0.45;
    m.phi = 0.65;
    m.lambda = 0.03;
    m.rd = 20.0;
    m.rs = 15.0;
    m.cbd = 20e-15;
    m.cbs = 25e-15;
    m.cjsw = 0.4e-9;
    m.mjsw = 0.33;
    m.cgso = 0.3e-9;
    m.cgdo = 0.25e-9;
    m.cgbo = 0.2e-9;
    m.is = 1e-14;
    return m;
}

MosfetGeometry geometry() {
    MosfetGeometry g;
    g.w = 10e-6;
    g.l = 2e-6;
    g.pd = 20e-6;
    g.ps = 24e-6;
    return g;
}

// drain d, gate g, source s, bulk b (each held by a resistor for a finalized pattern; only the
// MOSFET is loaded).
struct MosfetFixture {
    Circuit circuit;
    Mosfet* mosfet = nullptr;
    explicit MosfetFixture(const MosfetConstants& constants) {
        const Mosfet::Terminals t{node(circuit, "d"), node(circuit, "g"), node(circuit, "s"), node(circuit, "b")};
        mosfet = &circuit.add<Mosfet>("m1", cablespice::SourceRange{}, t, constants);
        for (const char* n : {"d", "g", "s", "b"}) addResistor(circuit, std::string("r") + n, n, "0", 1.0);
        circuit.finalize();
    }
    // Internal nodes at (vgs, vds, vbs) in the n-channel sense; the outer ones slightly off.
    std::vector<double> at(double vgs, double vds, double vbs, double polarity) const {
        std::vector<double> x(static_cast<std::size_t>(circuit.unknownCount()) + 1, 0.0);
        const auto set = [&](Unknown u, double v) { x[static_cast<std::size_t>(u)] = v; };
        set(*circuit.nodes().findNode("s"), 0.3);
        set(mosfet->internalSource(), 0.31);
        set(*circuit.nodes().findNode("g"), 0.31 + polarity * vgs);
        set(*circuit.nodes().findNode("b"), 0.31 + polarity * vbs);
        set(mosfet->internalDrain(), 0.31 + polarity * vds);
        set(*circuit.nodes().findNode("d"), 0.31 + polarity * vds + 0.02);
        return x;
    }
    double drainCurrent(const std::vector<double>& x) const {
        return loadNonlinearAt(circuit, *mosfet, x).f[static_cast<std::size_t>(mosfet->internalDrain())];
    }
};

} // namespace

TEST_CASE("MOS level 1 Jacobian and junction/overlap charges match finite differences in every region",
          "[device][mosfet]") {
    for (int polarity : {1, -1}) {
        MosfetFixture fixture(mosfetConstants(junctionModel(polarity), geometry(), 27.0, 27.0));
        // cutoff, saturation, linear, reverse (vds < 0) linear and saturation, forward bulk junctions
        const double points[][3] = {{0.2, 3.0, -1.0}, {2.5, 4.0, -0.5}, {3.0, 0.4, -1.0}, {3.0, -0.4, -1.0},
                                    {3.5, -4.0, -4.5}, {2.0, 1.0, 0.55}, {2.0, -1.0, -0.45}};
        for (const auto& p : points) {
            INFO("polarity " << polarity << " vgs = " << p[0] << " vds = " << p[1] << " vbs = " << p[2]);
            const auto x = fixture.at(p[0], p[1], p[2], polarity);
            checkNonlinearJacobian(fixture.circuit, *fixture.mosfet, x);
            checkNonlinearEquivalents(fixture.circuit, *fixture.mosfet, x);
        }
    }
}

TEST_CASE("MOS level 1 saturation current is KP/2 W/Leff (vgs - von)^2 (1 + LAMBDA vds) with the body effect",
          "[device][mosfet]") {
    MosfetModelParameters m;
    m.vto = 0.7;
    m.kp = 100e-6;
    m.gamma = 0.5;
    m.phi = 0.6;
    m.lambda = 0.02;
    m.ld = 0.1e-6;
    MosfetGeometry g;
    g.w = 10e-6;
    g.l = 2.2e-6;  // Leff = 2 um
    g.m = 3.0;
    const auto k = mosfetConstants(m, g, 27.0, 27.0);
    const double vgs = 2.0, vds = 3.0, vbs = -1.0;
    const double von = 0.7 + 0.5 * (std::sqrt(0.6 + 1.0) - std::sqrt(0.6));
    const double beta = 100e-6 * 3.0 * 10.0 / 2.0;
    const auto sat = level1Channel(k, vgs, vds, vbs);
    CHECK_THAT(sat.von, WithinRel(von, 1e-12));
    CHECK_THAT(sat.current, WithinRel(0.5 * beta * (vgs - von) * (vgs - von) * (1.0 + 0.02 * vds), 1e-12));
    CHECK_THAT(sat.gm, WithinRel(beta * (vgs - von) * (1.0 + 0.02 * vds), 1e-12));
    CHECK_THAT(sat.gmbs, WithinRel(sat.gm * 0.5 / (2.0 * std::sqrt(1.6)), 1e-12));
    // linear: beta vds (vgs - von - vds/2) (1 + LAMBDA vds)
    const auto linear = level1Channel(k, vgs, 0.2, vbs);
    CHECK_THAT(linear.current, WithinRel(beta * 0.2 * (vgs - von - 0.1) * (1.0 + 0.02 * 0.2), 1e-12));
    CHECK(level1Channel(k, von - 0.01, vds, vbs).current == 0.0);  // cutoff
}

TEST_CASE("A PMOS carries the NMOS current mirrored (voltages and current negated)", "[device][mosfet]") {
    MosfetFixture n(mosfetConstants(junctionModel(1), geometry(), 27.0, 27.0));
    MosfetFixture p(mosfetConstants(junctionModel(-1), geometry(), 27.0, 27.0));
    for (const auto& bias : {std::array{2.5, 4.0, -0.5}, std::array{3.0, 0.4, -1.0}, std::array{3.0, -0.4, -1.0}}) {
        const double in = n.drainCurrent(n.at(bias[0], bias[1], bias[2], 1.0));
        const double ip = p.drainCurrent(p.at(bias[0], bias[1], bias[2], -1.0));
        CHECK(std::abs(in) > 1e-6);
        CHECK_THAT(ip, WithinRel(-in, 1e-12));
    }
}

TEST_CASE("NSUB, TOX and UO give KP, PHI, GAMMA and VTO as SPICE3 derives them", "[device][mosfet]") {
    MosfetModelParameters m;
    m.tox = 20e-9;
    m.nsub = 1e16;
    m.uo = 500.0;
    const auto k = mosfetConstants(m, MosfetGeometry{}, 27.0, 27.0);
    const double cox = 3.9 * 8.854214871e-12 / 20e-9;
    const double vt = 1.38064852e-23 * 300.15 / 1.6021766208e-19;
    const double phi = 2.0 * vt * std::log(1e22 / 1.45e16);
    const double gamma = std::sqrt(2.0 * 11.7 * 8.854214871e-12 * 1.6021766208e-19 * 1e22) / cox;
    const double gap = 1.16 - 7.02e-4 * 300.15 * 300.15 / (300.15 + 1108.0);
    // gate type +1 (opposite to the substrate): work function difference -gap/2 - phi/2
    const double vfb = (3.25 + 0.5 * gap - 0.5 * gap) - (3.25 + 0.5 * gap + 0.5 * phi);
    CHECK_THAT(k.phi, WithinRel(phi, 1e-12));
    CHECK_THAT(k.gamma, WithinRel(gamma, 1e-12));
    CHECK_THAT(k.vto, WithinRel(vfb + gamma * std::sqrt(phi) + phi, 1e-12));
    CHECK_THAT(k.beta, WithinRel(500.0 * cox * 1e-4, 1e-12));  // W = L = 100u
    CHECK_THAT(k.oxideCap, WithinRel(cox * 100e-6 * 100e-6, 1e-12));
}

TEST_CASE("MOS level 1 temperature: KP (T/TNOM)^-1.5 and IS by the silicon gap", "[device][mosfet]") {
    MosfetModelParameters m;
    m.kp = 50e-6;
    const auto hot = mosfetConstants(m, MosfetGeometry{}, 127.0, 27.0);
    const double ratio = 400.15 / 300.15;
    CHECK_THAT(hot.beta, WithinRel(50e-6 / std::pow(ratio, 1.5), 1e-12));
    const auto gap = [](double t) { return 1.16 - 7.02e-4 * t * t / (t + 1108.0); };
    const double kq = 1.38064852e-23 / 1.6021766208e-19;
    const double is = 1e-14 * std::exp(-gap(400.15) / (kq * 400.15) + gap(300.15) / (kq * 300.15));
    CHECK_THAT(hot.drain.saturationCurrent, WithinRel(is, 1e-12));
}

TEST_CASE("Meyer capacitances: 2/3 COX to the source in saturation, COX/2 each at vds = 0, COX to bulk in "
          "accumulation",
          "[device][mosfet]") {
    const double cox = 3e-15, phi = 0.7, von = 0.8;
    const auto sat = meyerCapacitance(3.0, 3.0 - 4.0, von, 3.0 - von, phi, cox);
    CHECK_THAT(sat.gs, WithinRel(2.0 * cox / 3.0, 1e-12));
    CHECK(sat.gd == 0.0);
    CHECK(sat.gb == 0.0);
    const auto triode = meyerCapacitance(3.0, 3.0, von, 3.0 - von, phi, cox);
    CHECK_THAT(triode.gs, WithinRel(cox / 2.0, 1e-12));
    CHECK_THAT(triode.gd, WithinRel(cox / 2.0, 1e-12));
    const auto accumulation = meyerCapacitance(von - phi - 0.5, von - phi - 0.5, von, 0.0, phi, cox);
    CHECK_THAT(accumulation.gb, WithinRel(cox, 1e-12));
    CHECK(accumulation.gs == 0.0);
}

TEST_CASE("Meyer gate charge: C(v) v outside a transient, then the mean capacitance along the path",
          "[device][mosfet]") {
    MosfetModelParameters m;
    m.vto = 0.8;
    m.tox = 20e-9;
    m.cgso = 0.3e-9;
    MosfetFixture fixture(mosfetConstants(m, geometry(), 27.0, 27.0));
    const auto& k = fixture.mosfet->constants();
    const auto gate = static_cast<std::size_t>(*fixture.circuit.nodes().findNode("g"));
    // Saturated (vgs 3, vds 4): gate-source 2/3 COX + overlap, nothing to drain or bulk beyond overlaps.
    const auto x0 = fixture.at(3.0, 4.0, 0.0, 1.0);
    const double cgs0 = 2.0 * k.oxideCap / 3.0 + k.gateSourceOverlap;
    const auto dc = loadNonlinearAt(fixture.circuit, *fixture.mosfet, x0);
    CHECK_THAT(dc.q[gate], WithinRel(cgs0 * 3.0 + k.gateDrainOverlap * (3.0 - 4.0), 1e-12));
    fixture.mosfet->acceptSolution(x0, 0.0);
    // A transient step to vgs 3.1 (still saturated): the charge grows by cgs0 * 0.1 exactly.
    const auto size = static_cast<std::size_t>(fixture.circuit.unknownCount()) + 1;
    NonlinearLoadResult r{MatrixValues(fixture.circuit.pattern().nnz()), MatrixValues(fixture.circuit.pattern().nnz()),
                          std::vector<double>(size), std::vector<double>(size), std::vector<double>(size),
                          std::vector<double>(size)};
    const auto x1 = fixture.at(3.1, 3.9, 0.0, 1.0);
    NonlinearLoad load{x1, r.g, r.c, r.f, r.q, r.fEquivalent, r.qEquivalent, 1e-12, false, false, 0, false, 1e-9};
    fixture.mosfet->loadNonlinear(load);
    CHECK_THAT(r.q[gate] - dc.q[gate], WithinRel(cgs0 * 0.1 + k.gateDrainOverlap * 0.2, 1e-9));
}

TEST_CASE("MOSFET drain-source limiting (limvds) bounds steps as SPICE3", "[device][mosfet]") {
    CHECK(limitDrainSourceVoltage(10.0, 1.0) == 4.0);   // from below 3.5 V: a rise stops at 4 V
    CHECK(limitDrainSourceVoltage(-3.0, 1.0) == -0.5);  // and a fall at -0.5 V
    CHECK(limitDrainSourceVoltage(30.0, 5.0) == 17.0);  // from above: at most 3 vold + 2
    CHECK(limitDrainSourceVoltage(1.0, 5.0) == 2.0);    // a fall below 3.5 V stops at 2 V
    CHECK(limitDrainSourceVoltage(4.0, 5.0) == 4.0);
    CHECK(limitDrainSourceVoltage(0.3, 0.2) == 0.3);
}

TEST_CASE("MOSFET passes the device conformance checks (its linear RD and RS)", "[device][mosfet]") {
    const auto constants = mosfetConstants(junctionModel(1), geometry(), 27.0, 27.0);
    checkDeviceConformance({"MOSFET with RD and RS", "m1", {"d", "g", "s", "b"},
                            [constants](Circuit& c, const NodeMap& node) {
                                c.add<Mosfet>("m1", cablespice::SourceRange{},
                                              Mosfet::Terminals{node("d"), node("g"), node("s"), node("b")}, constants);
                            }});
}

namespace {

// Level 3 with every effect on (short channel from XJ and NSUB, narrow width, ETA, THETA,
// velocity saturation and KAPPA, weak inversion from NFS).
MosfetModelParameters level3Model(int polarity, bool velocitySaturation, bool weakInversion) {
    MosfetModelParameters m = junctionModel(polarity);
    m.level = 3;
    m.nsub = 3e16;
    m.tox = 15e-9;
    m.theta = 0.08;
    m.eta = 0.05;
    m.kappa = 0.3;
    m.vmax = velocitySaturation ? 1.5e5 : 0.0;
    m.xj = 0.2e-6;
    m.delta = 0.4;
    m.nfs = weakInversion ? 6e11 : 0.0;
    m.ld = 50e-9;
    m.xl = 20e-9;
    m.wd = 40e-9;
    return m;
}

} // namespace

// The channel and junction currents' G; level 3 always has Meyer capacitances (TOX defaults to
// 1e-7), which are no derivatives of a charge.
TEST_CASE("MOS level 3 Jacobian matches finite differences in every region", "[device][mosfet]") {
    MosfetGeometry g = geometry();
    g.l = 0.8e-6;
    g.w = 5e-6;
    for (int polarity : {1, -1})
        for (bool vmax : {false, true})
            for (bool nfs : {false, true}) {
                MosfetFixture fixture(mosfetConstants(level3Model(polarity, vmax, nfs), g, 27.0, 27.0));
                const double points[][3] = {{0.5, 3.0, -1.0},  {2.5, 4.0, -0.5}, {3.0, 0.4, -1.0},
                                            {3.0, -0.4, -1.0}, {3.5, -3.0, -4.0}, {1.5, 1.0, 0.3},
                                            {1.2, 0.05, -0.2}, {0.9, 2.0, -1.0}};
                for (const auto& p : points) {
                    INFO("polarity " << polarity << " vmax " << vmax << " nfs " << nfs << " vgs = " << p[0]
                                     << " vds = " << p[1] << " vbs = " << p[2]);
                    checkNonlinearJacobian(fixture.circuit, *fixture.mosfet, fixture.at(p[0], p[1], p[2], polarity),
                                           1e-5, false);
                }
            }
}

TEST_CASE("MOS level 2 Jacobian matches finite differences in every region", "[device][mosfet]") {
    MosfetGeometry g = geometry();
    g.l = 3e-6;
    g.w = 20e-6;
    for (int polarity : {1, -1})
        for (bool vmax : {false, true})
            for (bool nfs : {false, true}) {
                MosfetModelParameters m = junctionModel(polarity);
                m.level = 2;
                m.lambda = 0.0;  // channel shortening from NSUB
                m.nsub = 1e16;
                m.tox = 25e-9;
                m.xj = 0.4e-6;
                m.delta = 0.5;
                m.ucrit = 2e4;
                m.uexp = 0.15;
                m.vmax = vmax ? 6e4 : 0.0;
                m.neff = 2.0;
                m.nfs = nfs ? 5e11 : 0.0;
                MosfetFixture fixture(mosfetConstants(m, g, 27.0, 27.0));
                const double points[][3] = {{0.5, 3.0, -1.0},  {2.5, 4.0, -0.5}, {3.0, 0.4, -1.0},
                                            {3.0, -0.4, -1.0}, {3.5, -3.0, -4.0}, {1.5, 1.0, 0.3},
                                            {1.4, 0.05, -0.2}, {1.0, 2.0, -1.0}};
                for (const auto& p : points) {
                    INFO("polarity " << polarity << " vmax " << vmax << " nfs " << nfs << " vgs = " << p[0]
                                     << " vds = " << p[1] << " vbs = " << p[2]);
                    checkNonlinearJacobian(fixture.circuit, *fixture.mosfet, fixture.at(p[0], p[1], p[2], polarity),
                                           1e-5, false);
                }
            }
}

TEST_CASE("MOS level 2 without body effect is the square law over 1 - LAMBDA vds", "[device][mosfet]") {
    MosfetModelParameters m;
    m.level = 2;
    m.vto = 0.8;
    m.kp = 50e-6;
    m.lambda = 0.02;
    MosfetGeometry g;
    g.w = 20e-6;
    g.l = 2e-6;
    const auto k = mosfetConstants(m, g, 27.0, 27.0);
    const double beta = 50e-6 * 10.0;
    const auto linear = mosfetChannel(k, 2.0, 0.5, 0.0);
    CHECK_THAT(linear.current, WithinRel(beta * (1.2 - 0.25) * 0.5 / (1.0 - 0.02 * 0.5), 1e-12));
    const auto saturated = mosfetChannel(k, 2.0, 3.0, 0.0);
    CHECK_THAT(saturated.vdsat, WithinRel(1.2, 1e-12));
    CHECK_THAT(saturated.current, WithinRel(0.5 * beta * 1.2 * 1.2 / (1.0 - 0.02 * 3.0), 1e-12));
    CHECK(mosfetChannel(k, 0.7, 3.0, 0.0).current == 0.0);  // cutoff
}

TEST_CASE("MOS level 3 without body effect: the square law with THETA's mobility reduction and ETA's "
          "feedback",
          "[device][mosfet]") {
    MosfetModelParameters m;
    m.level = 3;
    m.vto = 0.7;
    m.kp = 100e-6;
    m.theta = 0.1;
    m.eta = 0.5;
    m.tox = 20e-9;
    MosfetGeometry g;
    g.w = 10e-6;
    g.l = 1e-6;
    const auto k = mosfetConstants(m, g, 27.0, 27.0);
    const double beta = 100e-6 * 10.0;
    const double cox = 3.9 * 8.854214871e-12 / 20e-9;
    const double sigma = 0.5 * 8.15e-22 / (cox * 1e-18);  // the threshold falls by sigma vds
    const double vgs = 2.0, vds = 0.3;
    const double vth = 0.7 - sigma * vds;
    const auto linear = mosfetChannel(k, vgs, vds, 0.0);
    CHECK_THAT(linear.von, WithinRel(vth, 1e-12));
    CHECK_THAT(linear.current,
               WithinRel(beta / (1.0 + 0.1 * (vgs - vth)) * (vgs - vth - 0.5 * vds) * vds, 1e-12));
    const auto saturated = mosfetChannel(k, vgs, 3.0, 0.0);  // KAPPA shortens only with NSUB
    const double vthSat = 0.7 - sigma * 3.0;
    CHECK_THAT(saturated.vdsat, WithinRel(vgs - vthSat, 1e-12));
    CHECK_THAT(saturated.current,
               WithinRel(0.5 * beta / (1.0 + 0.1 * (vgs - vthSat)) * (vgs - vthSat) * (vgs - vthSat), 1e-12));
}

TEST_CASE("A load without limiting (a linearisation, a UIC start) does not move where limiting starts",
          "[device][mosfet]") {
    MosfetFixture fixture(mosfetConstants(junctionModel(1), geometry(), 27.0, 27.0));
    const auto x = fixture.at(1.0, 0.5, 3.3, 1.0);  // both bulk junctions 3 V forward
    loadNonlinearAt(fixture.circuit, *fixture.mosfet, x);  // unlimited: far out on the exponential
    const auto size = static_cast<std::size_t>(fixture.circuit.unknownCount()) + 1;
    NonlinearLoadResult r{MatrixValues(fixture.circuit.pattern().nnz()), MatrixValues(fixture.circuit.pattern().nnz()),
                          std::vector<double>(size), std::vector<double>(size), std::vector<double>(size),
                          std::vector<double>(size)};
    NonlinearLoad load{x, r.g, r.c, r.f, r.q, r.fEquivalent, r.qEquivalent, 1e-12, true, false, 0};
    fixture.mosfet->loadNonlinear(load);
    CHECK(load.limited == 1);  // pnjlim from 0 V, not from the unlimited 3.3 V
    const auto bulk = static_cast<std::size_t>(*fixture.circuit.nodes().findNode("b"));
    CHECK(std::abs(r.f[bulk]) < 1.0);  // the junctions' current stays far below exp(3.3 / vt)
}
