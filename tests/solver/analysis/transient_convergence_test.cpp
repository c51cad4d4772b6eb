#include "solver/analysis/transient.hpp"

#include "../../support/circuit_builders.hpp"
#include "transient_recorder.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace cablespice::test;

namespace {

// Series RLC (100 ohm, 10 mH, 100 nF) switched onto 1 V at t = 0 (UIC, all states zero).
// v_C(t) = 1 - exp(-a t) (cos(wd t) + a/wd sin(wd t)), a = R/2L, wd = sqrt(1/LC - a^2).
double rlcStepExact(double t) {
    const double a = 100.0 / (2.0 * 10e-3);
    const double wd = std::sqrt(1.0 / (10e-3 * 100e-9) - a * a);
    return 1.0 - std::exp(-a * t) * (std::cos(wd * t) + a / wd * std::sin(wd * t));
}

// |v_C(t_end) - exact| with a constant step h.
double rlcGlobalError(IntegrationMethod method, double h, double tEnd) {
    Circuit c;
    addVoltageSource(c, "v1", "in", "0", 1.0);
    addResistor(c, "r1", "in", "a", 100.0);
    addInductor(c, "l1", "a", "out", 10e-3);
    addCapacitor(c, "c1", "out", "0", 100e-9);
    c.finalize();
    TransientOptions options;
    options.method = method;
    options.fixedStep = true;
    TransientRecorder rec;
    runOk(c, tranSpec(h, tEnd, 0.0, true), options, rec);
    REQUIRE(rec.times.back() == tEnd);
    const auto out = static_cast<std::size_t>(*c.nodes().findNode("out"));
    return std::abs(rec.points.back()[out] - rlcStepExact(tEnd));
}

void checkSecondOrder(IntegrationMethod method) {
    const double tEnd = 150e-6;
    const double e1 = rlcGlobalError(method, 1e-6, tEnd);
    const double e2 = rlcGlobalError(method, 0.5e-6, tEnd);
    const double e4 = rlcGlobalError(method, 0.25e-6, tEnd);
    INFO("errors " << e1 << " " << e2 << " " << e4);
    const double order1 = std::log2(e1 / e2), order2 = std::log2(e2 / e4);
    CHECK(order1 > 1.8);
    CHECK(order1 < 2.2);
    CHECK(order2 > 1.8);
    CHECK(order2 < 2.2);
}

} // namespace

TEST_CASE("Trapezoidal global error falls fourfold per step halving on the RLC step", "[tran]") {
    checkSecondOrder(IntegrationMethod::Trapezoidal);
}

TEST_CASE("BDF2 global error falls fourfold per step halving on the RLC step", "[tran]") {
    checkSecondOrder(IntegrationMethod::Gear);
}

TEST_CASE("Backward Euler (maxord 1) global error halves per step halving", "[tran]") {
    const double tEnd = 150e-6;
    auto run = [&](double h) {
        Circuit circuit;
        addVoltageSource(circuit, "v1", "in", "0", 1.0);
        addResistor(circuit, "r1", "in", "a", 100.0);
        addInductor(circuit, "l1", "a", "out", 10e-3);
        addCapacitor(circuit, "c1", "out", "0", 100e-9);
        circuit.finalize();
        TransientOptions options;
        options.maxOrder = 1;
        options.fixedStep = true;
        TransientRecorder rec;
        runOk(circuit, tranSpec(h, tEnd, 0.0, true), options, rec);
        const auto out = static_cast<std::size_t>(*circuit.nodes().findNode("out"));
        return std::abs(rec.points.back()[out] - rlcStepExact(tEnd));
    };
    const double order = std::log2(run(0.25e-6) / run(0.125e-6));
    CHECK(order > 0.8);
    CHECK(order < 1.2);
}
