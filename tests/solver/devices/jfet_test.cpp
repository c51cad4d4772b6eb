#include "solver/devices/jfet.hpp"

#include "solver/devices/fet_voltage_limit.hpp"
#include "tests/support/circuit_builders.hpp"
#include "tests/support/device_conformance.hpp"
#include "tests/support/nonlinear_conformance.hpp"

#include <cmath>

using namespace cablespice::solver;
using namespace cablespice::test;

namespace {

JfetModelParameters fullModel(bool pChannel) {
    JfetModelParameters m;
    m.pChannel = pChannel;
    m.vto = -2.0;
    m.beta = 1.3e-3;
    m.lambda = 0.02;
    m.rd = 10.0;
    m.rs = 12.0;
    m.cgs = 2.4e-12;
    m.cgd = 1.6e-12;
    m.pb = 0.9;
    m.is = 1e-14;
    m.b = 0.9;
    return m;
}

// drain d, gate g, source s (each held by a resistor for a finalized pattern; only the JFET is loaded).
struct JfetFixture {
    Circuit circuit;
    Jfet* jfet = nullptr;
    explicit JfetFixture(const JfetConstants& constants) {
        Unknown d = node(circuit, "d"), g = node(circuit, "g"), s = node(circuit, "s");
        jfet = &circuit.add<Jfet>("j1", cablespice::SourceRange{}, d, g, s, constants);
        addResistor(circuit, "rd", "d", "0", 1.0);
        addResistor(circuit, "rg", "g", "0", 1.0);
        addResistor(circuit, "rs", "s", "0", 1.0);
        circuit.finalize();
    }
    // Internal nodes at the given (vgs, vds) of the channel; the outer ones slightly off (RD, RS drops).
    std::vector<double> at(double vgs, double vds, double polarity = 1.0) const {
        std::vector<double> x(static_cast<std::size_t>(circuit.unknownCount()) + 1, 0.0);
        const auto set = [&](Unknown u, double v) { x[static_cast<std::size_t>(u)] = v; };
        set(*circuit.nodes().findNode("s"), 0.3);
        set(jfet->internalSource(), 0.31);
        set(*circuit.nodes().findNode("g"), 0.31 + polarity * vgs);
        set(jfet->internalDrain(), 0.31 + polarity * vds);
        set(*circuit.nodes().findNode("d"), 0.31 + polarity * vds + 0.02);
        return x;
    }
};

} // namespace

TEST_CASE("JFET Jacobian and capacitances match finite differences in every region, both polarities",
          "[device][jfet]") {
    for (bool pChannel : {false, true}) {
        JfetFixture fixture(jfetConstants(fullModel(pChannel), 1.5, 27.0, 27.0));
        const double p = pChannel ? -1.0 : 1.0;
        // cutoff, saturation, linear, reverse linear and saturation, forward-biased gate junctions
        const double points[][2] = {{-3.0, 5.0}, {-1.0, 5.0}, {-0.5, 0.3}, {-0.5, -0.3}, {-4.5, -4.0}, {0.55, 0.1}, {-1.5, -0.8}};
        for (const auto& point : points) {
            INFO("p-channel " << pChannel << " vgs = " << point[0] << " vds = " << point[1]);
            checkNonlinearJacobian(fixture.circuit, *fixture.jfet, fixture.at(point[0], point[1], p));
            checkNonlinearEquivalents(fixture.circuit, *fixture.jfet, fixture.at(point[0], point[1], p));
        }
    }
}

TEST_CASE("JFET saturation current is BETA (vgs - VTO)^2 (1 + LAMBDA vds) with B = 1", "[device][jfet]") {
    JfetModelParameters m;
    m.vto = -2.0;
    m.beta = 1e-3;
    m.lambda = 0.02;
    const auto j = jfetConstants(m, 2.0, 27.0, 27.0);  // area times m = 2 doubles BETA
    const double vgs = -0.8, vds = 6.0;
    const auto saturation = jfetDrainCurrent(j, vgs, vds);
    CHECK_THAT(saturation.current, Catch::Matchers::WithinRel(2e-3 * 1.2 * 1.2 * (1.0 + 0.02 * 6.0), 1e-14));
    CHECK_THAT(saturation.gm, Catch::Matchers::WithinRel(2.0 * 2e-3 * 1.2 * (1.0 + 0.02 * 6.0), 1e-14));
    CHECK_THAT(saturation.gds, Catch::Matchers::WithinRel(2e-3 * 1.2 * 1.2 * 0.02, 1e-14));
    // linear region: BETA vds (2 (vgs - VTO) - vds) (1 + LAMBDA vds)
    const auto linear = jfetDrainCurrent(j, vgs, 0.5);
    CHECK_THAT(linear.current, Catch::Matchers::WithinRel(2e-3 * 0.5 * (2.4 - 0.5) * 1.01, 1e-14));
    // reverse: drain and source swap, the current changes sign
    const auto reverse = jfetDrainCurrent(j, vgs - 6.0, -6.0);
    CHECK_THAT(reverse.current, Catch::Matchers::WithinRel(-saturation.current, 1e-14));
    CHECK(jfetDrainCurrent(j, -2.5, 5.0).current == 0.0);  // cutoff
}

TEST_CASE("JFET temperature: VTO + VTOTC dT, BETA 1.01^(BETATCE dT), IS exp((T/Tnom - 1) EG/vt) (T/Tnom)^XTI",
          "[device][jfet]") {
    JfetModelParameters m;
    m.vtotc = -2.5e-3;
    m.betatce = -0.5;
    m.xti = 3.0;
    const auto hot = jfetConstants(m, 1.0, 77.0, 27.0);
    const double vt = 1.38064852e-23 * (77.0 + 273.15) / 1.6021766208e-19;
    const double ratio = (77.0 + 273.15) / (27.0 + 273.15);
    CHECK_THAT(hot.threshold, Catch::Matchers::WithinRel(-2.0 - 2.5e-3 * 50.0, 1e-14));
    CHECK_THAT(hot.beta, Catch::Matchers::WithinRel(1e-4 * std::pow(1.01, -25.0), 1e-14));
    CHECK_THAT(hot.saturationCurrent,
               Catch::Matchers::WithinRel(1e-14 * std::exp((ratio - 1.0) * 1.11 / vt) * std::pow(ratio, 3.0), 1e-12));
    JfetModelParameters legacy;  // TCV and BEX when VTOTC and BETATCE are not given
    legacy.tcv = 2e-3;
    legacy.bex = -1.5;
    const auto warm = jfetConstants(legacy, 1.0, 77.0, 27.0);
    CHECK_THAT(warm.threshold, Catch::Matchers::WithinRel(-2.0 - 2e-3 * 50.0, 1e-14));
    CHECK_THAT(warm.beta, Catch::Matchers::WithinRel(1e-4 * std::pow(ratio, -1.5), 1e-14));
}

TEST_CASE("Gate depletion charge is 2 PB CGS (1 - sqrt(1 - v/PB)) below FC*PB", "[device][jfet]") {
    JfetModelParameters m;
    m.cgs = 2e-12;
    m.pb = 0.8;
    const auto j = jfetConstants(m, 1.0, 27.0, 27.0);
    const auto junction = jfetGateJunction(j, j.cgs, -3.0, 0.0);
    CHECK_THAT(junction.charge, Catch::Matchers::WithinRel(2.0 * 0.8 * 2e-12 * (1.0 - std::sqrt(1.0 + 3.0 / 0.8)), 1e-12));
    CHECK_THAT(junction.capacitance, Catch::Matchers::WithinRel(2e-12 / std::sqrt(1.0 + 3.0 / 0.8), 1e-12));
}

TEST_CASE("FET voltage limiting keeps steps near the threshold small and passes small steps", "[device][jfet]") {
    const double vto = -2.0;
    CHECK(limitFetVoltage(-1.9, -2.1, vto) == -1.9);    // small step from off
    CHECK(limitFetVoltage(5.0, -3.0, vto) == vto + 0.5);  // off -> strongly on stops at vto + 0.5
    CHECK(limitFetVoltage(-20.0, -3.0, vto) == -3.0 - 4.0);  // a fall from off: at most 2|vold - vto| + 2
    CHECK(limitFetVoltage(10.0, -1.0, vto) == vto + 4.0);  // just on: a rise stops at vto + 4
    CHECK(limitFetVoltage(-10.0, -1.0, vto) == vto - 0.5);  // just on: a fall stops at vto - 0.5
    CHECK(limitFetVoltage(-10.0, 3.0, vto) == vto + 2.0);  // strongly on: a fall into the middle stops at vto + 2
    CHECK(limitFetVoltage(30.0, 3.0, vto) == 3.0 + 12.0);  // strongly on: a rise of at most 2|vold - vto| + 2
}

TEST_CASE("JFET passes the device conformance checks (its linear RD and RS)", "[device][jfet]") {
    const auto constants = jfetConstants(fullModel(false), 1.0, 27.0, 27.0);
    checkDeviceConformance({"JFET with RD and RS", "j1", {"d", "g", "s"}, [constants](Circuit& c, const NodeMap& node) {
                                c.add<Jfet>("j1", cablespice::SourceRange{}, node("d"), node("g"), node("s"), constants);
                            }});
}
