#include "solver/devices/behavioral_source.hpp"

#include "solver/devices/spice_polynomial.hpp"
#include "tests/support/circuit_builders.hpp"
#include "tests/support/device_conformance.hpp"
#include "tests/support/nonlinear_conformance.hpp"

#include <cmath>

// The B source and the POLY sources built on it: the device's Jacobian against central
// differences of its own f (the nonlinear conformance harness), its equivalents f - G x, KCL,
// and the generic device checks of its linear part; a solved circuit against closed forms.

using namespace cablespice::solver;
using namespace cablespice::test;

namespace {

using Output = BehavioralSource::Output;

// 1m*tanh((v(a) - v(b))/0.1) * exp(100*i(vs)) + 1m*v(c)^2  (variables a, b, i(vs), c)
ExpressionTape transconductorTape() {
    ExpressionTape t;
    auto vab = t.binary(TapeOp::Subtract, t.variable(0), t.variable(1));
    auto th = t.unary(TapeOp::Tanh, t.binary(TapeOp::Divide, vab, t.constant(0.1)));
    auto ex = t.unary(TapeOp::Exp, t.binary(TapeOp::Multiply, t.constant(100.0), t.variable(2)));
    auto first = t.binary(TapeOp::Multiply, t.constant(1e-3), t.binary(TapeOp::Multiply, th, ex));
    auto square = t.binary(TapeOp::Power, t.variable(3), t.constant(2.0));
    t.binary(TapeOp::Add, first, t.binary(TapeOp::Multiply, t.constant(1e-3), square));
    t.finish(4);
    return t;
}

// The SPICE2 POLY(2) of v(a, b) and i(vs): 0.1 + 2 x1 - x2 + 0.5 x1^2 + 3 x1 x2 - 4 x2^2
ExpressionTape polyTape() {
    ExpressionTape t;
    const ExpressionTape::Index inputs[] = {t.binary(TapeOp::Subtract, t.variable(0), t.variable(1)), t.variable(2)};
    const double p[] = {0.1, 2.0, -1.0, 0.5, 3.0, -4.0};
    appendPolynomial(t, inputs, p);
    t.finish(4);
    return t;
}

struct BehavioralFixture {
    Circuit circuit;
    BehavioralSource* source = nullptr;

    BehavioralFixture(Output output, ExpressionTape tape) {
        auto& vs = addVoltageSource(circuit, "vs", "s", "0", 0.0);
        for (const char* n : {"a", "b", "c", "p", "n", "s"}) addResistor(circuit, std::string("r") + n, n, "0", 1e3);
        source = &circuit.add<BehavioralSource>("b1", cablespice::SourceRange{}, output, node(circuit, "p"),
                                                node(circuit, "n"), std::move(tape));
        source->setVariable(0, {node(circuit, "a")});
        source->setVariable(1, {node(circuit, "b")});
        source->setVariable(2, {kGround, &vs});
        source->setVariable(3, {node(circuit, "c")});
        circuit.finalize();
    }

    // a, b, c, p, n and the branch current of vs at the given values
    std::vector<double> at(double a, double b, double is, double c) const {
        std::vector<double> x(static_cast<std::size_t>(circuit.unknownCount()) + 1, 0.0);
        auto set = [&](const char* name, double v) { x[static_cast<std::size_t>(*circuit.nodes().findNode(name))] = v; };
        set("a", a);
        set("b", b);
        set("c", c);
        set("p", 0.3);
        set("n", -0.2);
        x[static_cast<std::size_t>(*circuit.nodes().findBranch("vs"))] = is;
        return x;
    }
};

} // namespace

TEST_CASE("B current source: Jacobian and equivalents match finite differences of its current", "[device][bsource]") {
    BehavioralFixture fixture(Output::Current, transconductorTape());
    for (const auto& x : {fixture.at(0.05, -0.02, 1e-3, 0.4), fixture.at(-0.3, 0.1, -4e-3, -1.5),
                          fixture.at(0.0, 0.0, 0.0, 0.0)}) {
        checkNonlinearJacobian(fixture.circuit, *fixture.source, x);
        checkNonlinearEquivalents(fixture.circuit, *fixture.source, x);
    }
}

TEST_CASE("B voltage source: its branch row's Jacobian and equivalents match finite differences", "[device][bsource]") {
    BehavioralFixture fixture(Output::Voltage, transconductorTape());
    for (const auto& x : {fixture.at(0.05, -0.02, 1e-3, 0.4), fixture.at(-0.3, 0.1, -4e-3, -1.5)}) {
        checkNonlinearJacobian(fixture.circuit, *fixture.source, x);
        checkNonlinearEquivalents(fixture.circuit, *fixture.source, x);
    }
}

TEST_CASE("POLY(2) current and voltage sources: Jacobian and equivalents match finite differences", "[device][poly]") {
    for (Output output : {Output::Current, Output::Voltage}) {
        BehavioralFixture fixture(output, polyTape());
        for (const auto& x : {fixture.at(0.7, -0.2, 2e-3, 0.0), fixture.at(-1.1, 0.4, -0.5, 0.0)}) {
            checkNonlinearJacobian(fixture.circuit, *fixture.source, x);
            checkNonlinearEquivalents(fixture.circuit, *fixture.source, x);
        }
    }
}

// A B current source loads nothing constant (the generic checks need a constant stamp); its
// entries are checked above by the nonlinear harness.
TEST_CASE("B voltage source passes the device conformance checks (its linear branch incidence)", "[device][bsource]") {
    checkDeviceConformance({"B voltage source", "b1", {"p", "n", "a"}, [](Circuit& c, const NodeMap& node) {
                                ExpressionTape t;
                                t.unary(TapeOp::Tanh, t.variable(0));
                                t.finish(1);
                                auto& b = c.add<BehavioralSource>("b1", cablespice::SourceRange{}, Output::Voltage,
                                                                  node("p"), node("n"), std::move(t));
                                b.setVariable(0, {node("a")});
                            }});
}
