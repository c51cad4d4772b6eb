#include "solver/devices/diode.hpp"

#include "solver/devices/junction_limit.hpp"
#include "tests/support/circuit_builders.hpp"
#include "tests/support/device_conformance.hpp"
#include "tests/support/nonlinear_conformance.hpp"

#include <cmath>

using namespace cablespice::solver;
using namespace cablespice::test;

namespace {

// ngspice 39's k/q (CODATA 2014).
double thermalVoltage(double celsius) { return 1.38064852e-23 * (celsius + 273.15) / 1.6021766208e-19; }

DiodeModelParameters fullModel() {
    DiodeModelParameters m;
    m.is = 2.52e-9;
    m.n = 1.752;
    m.rs = 0.568;
    m.cjo = 4e-12;
    m.vj = 0.75;
    m.m = 0.4;
    m.tt = 20e-9;
    m.bv = 100.0;
    m.ibv = 5e-6;
    return m;
}

// anode a -> RS -> internal -> junction -> cathode k, k held by a resistor (a finalized circuit
// for the pattern; only the diode is loaded).
struct DiodeFixture {
    Circuit circuit;
    Diode* diode = nullptr;
    explicit DiodeFixture(const DiodeConstants& constants) {
        Unknown a = node(circuit, "a"), k = node(circuit, "k");
        diode = &circuit.add<Diode>("d1", cablespice::SourceRange{}, a, k, constants);
        addResistor(circuit, "rk", "k", "0", 1.0);
        circuit.finalize();
    }
    std::vector<double> at(double junctionVolts, double cathodeVolts = 0.3) const {
        std::vector<double> x(static_cast<std::size_t>(circuit.unknownCount()) + 1, 0.0);
        x[static_cast<std::size_t>(*circuit.nodes().findNode("k"))] = cathodeVolts;
        x[static_cast<std::size_t>(*circuit.nodes().findNode("a"))] = cathodeVolts + junctionVolts + 0.01;
        x[static_cast<std::size_t>(diode->junctionAnode())] = cathodeVolts + junctionVolts;  // the anode itself without RS
        return x;
    }
};

} // namespace

TEST_CASE("Diode Jacobian and capacitance match finite differences of its current and charge in every region",
          "[device][diode]") {
    DiodeFixture fixture(diodeConstants(fullModel(), 1.0, 27.0, 27.0));
    // forward below and above FC*VJ, near zero, reverse (cubic), deep reverse, breakdown
    for (double vd : {0.2, 0.45, 0.7, 0.02, -0.5, -20.0, -100.3}) {
        INFO("vd = " << vd);
        checkNonlinearJacobian(fixture.circuit, *fixture.diode, fixture.at(vd));
        checkNonlinearEquivalents(fixture.circuit, *fixture.diode, fixture.at(vd));
    }
}

TEST_CASE("Diode forward current is IS(exp(v/(N vt)) - 1) + gmin v at 27 degC", "[device][diode]") {
    DiodeModelParameters m;
    m.is = 1e-14;
    m.n = 1.5;
    DiodeFixture fixture(diodeConstants(m, 2.0, 27.0, 27.0));  // area 2: IS doubles
    const double vd = 0.65;
    const auto r = loadNonlinearAt(fixture.circuit, *fixture.diode, fixture.at(vd, 0.0), 1e-12);
    const double expected = 2e-14 * std::expm1(vd / (1.5 * thermalVoltage(27.0))) + 1e-12 * vd;
    CHECK_THAT(r.f[static_cast<std::size_t>(fixture.diode->junctionAnode())], Catch::Matchers::WithinRel(expected, 1e-12));
}

TEST_CASE("Diode saturation current follows IS (T/Tnom)^(XTI/N) exp((T/Tnom - 1) EG/(N vt))", "[device][diode]") {
    DiodeModelParameters m;
    m.is = 1e-14;
    m.n = 1.2;
    m.eg = 1.11;
    m.xti = 3.0;
    const auto hot = diodeConstants(m, 1.0, 100.0, 27.0);
    const double ratio = (100.0 + 273.15) / (27.0 + 273.15);
    const double expected = 1e-14 * std::pow(ratio, 3.0 / 1.2) * std::exp((ratio - 1.0) * 1.11 / (1.2 * thermalVoltage(100.0)));
    CHECK_THAT(hot.saturationCurrent, Catch::Matchers::WithinRel(expected, 1e-12));
    CHECK_THAT(hot.vt, Catch::Matchers::WithinRel(thermalVoltage(100.0), 1e-14));
}

TEST_CASE("Diode reverse current reaches IBV at -BV (the knee is matched to IBV)", "[device][diode]") {
    DiodeModelParameters m;
    m.is = 1e-14;
    m.bv = 50.0;
    m.ibv = 1e-3;
    const auto d = diodeConstants(m, 1.0, 27.0, 27.0);
    const auto current = diodeCurrent(d, -50.0, 0.0);
    CHECK_THAT(current.current, Catch::Matchers::WithinRel(-1e-3, 1e-3));
}

TEST_CASE("Depletion charge is the integral of CJO (1 - v/VJ)^-M below FC*VJ", "[device][diode]") {
    DiodeModelParameters m;
    m.cjo = 1e-12;
    m.vj = 0.8;
    m.m = 0.5;
    const auto d = diodeConstants(m, 1.0, 27.0, 27.0);  // at TNOM: VJ and CJO unchanged
    CHECK_THAT(d.junctionPotential, Catch::Matchers::WithinRel(0.8, 1e-12));
    CHECK_THAT(d.junctionCapacitance, Catch::Matchers::WithinRel(1e-12, 1e-12));
    const double v = -2.0;
    const auto q = diodeCharge(d, v, diodeCurrent(d, v, 0.0));
    // integral of CJO (1 - u/VJ)^-1/2 du from 0 to v = 2 CJO VJ (1 - sqrt(1 - v/VJ))
    CHECK_THAT(q.charge, Catch::Matchers::WithinRel(2e-12 * 0.8 * (1.0 - std::sqrt(1.0 - v / 0.8)), 1e-12));
    CHECK_THAT(q.capacitance, Catch::Matchers::WithinRel(1e-12 / std::sqrt(1.0 - v / 0.8), 1e-12));
}

TEST_CASE("pn-junction limiting moves a large forward step logarithmically and bounds reverse steps",
          "[device][diode]") {
    const double vt = 0.025, vcrit = 0.6;
    bool limited = false;
    SECTION("small steps and steps below vcrit pass unchanged") {
        CHECK(limitJunctionVoltage(0.55, 0.5, vt, vcrit, limited) == 0.55);
        CHECK_FALSE(limited);
        CHECK(limitJunctionVoltage(0.64, 0.62, vt, vcrit, limited) == 0.64);
        CHECK_FALSE(limited);
    }
    SECTION("a forward jump from a forward-biased junction") {
        const double v = limitJunctionVoltage(5.0, 0.7, vt, vcrit, limited);
        CHECK(limited);
        CHECK_THAT(v, Catch::Matchers::WithinRel(0.7 + vt * (2.0 + std::log((5.0 - 0.7) / vt - 2.0)), 1e-14));
    }
    SECTION("a forward jump from reverse bias") {
        const double v = limitJunctionVoltage(3.0, -1.0, vt, vcrit, limited);
        CHECK(limited);
        CHECK_THAT(v, Catch::Matchers::WithinRel(vt * std::log(3.0 / vt), 1e-14));
    }
    SECTION("a reverse jump is bounded by 2 vold - 1") {
        const double v = limitJunctionVoltage(-50.0, -2.0, vt, vcrit, limited);
        CHECK(limited);
        CHECK(v == -5.0);
    }
}

TEST_CASE("Diode passes the device conformance checks (its linear series resistance)", "[device][diode]") {
    const auto constants = diodeConstants(fullModel(), 1.0, 27.0, 27.0);
    checkDeviceConformance({"diode with RS", "d1", {"a", "k"}, [constants](Circuit& c, const NodeMap& node) {
                                c.add<Diode>("d1", cablespice::SourceRange{}, node("a"), node("k"), constants);
                            }});
}
