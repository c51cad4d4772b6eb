#include "solver/devices/switch.hpp"

#include "tests/support/circuit_builders.hpp"
#include "tests/support/nonlinear_conformance.hpp"

#include <cmath>
#include <limits>

using namespace cablespice::solver;
using namespace cablespice::test;

namespace {

SwitchModel model() {
    SwitchModel m;
    m.threshold = 2.0;
    m.hysteresis = 0.5;
    m.onResistance = 10.0;
    m.offResistance = 1e6;
    return m;
}

} // namespace

TEST_CASE("Switch hysteresis: on above VT + VH, off below VT - VH, the state kept in between", "[device][switch]") {
    const auto m = model();
    CHECK(nextSwitchState(m, 2.6, false));
    CHECK_FALSE(nextSwitchState(m, 1.4, true));
    for (double control : {1.5, 2.0, 2.5}) {  // the band's edges belong to the band (strict comparisons)
        CHECK(nextSwitchState(m, control, true));
        CHECK_FALSE(nextSwitchState(m, control, false));
    }
}

TEST_CASE("Switch step limit: 3/4 of the way to the threshold plus the margin, at the last step's rate",
          "[device][switch]") {
    const auto m = model();
    // off, control 1.0 rising 0.5 per 1 us: (2.5 - 1.0) * 0.75 + 0.05 = 1.175 V at 0.5 V/us
    CHECK_THAT(switchStepLimit(m, false, 1.0, 0.5, 1e-6), Catch::Matchers::WithinRel(1.175 / 0.5 * 1e-6, 1e-14));
    // on, control 3.0 falling 0.25 per 2 us: ((1.5 - 3.0) * 0.75 - 0.05) / -0.25 * 2 us
    CHECK_THAT(switchStepLimit(m, true, 3.0, -0.25, 2e-6), Catch::Matchers::WithinRel(1.175 / 0.25 * 2e-6, 1e-14));
    const double none = std::numeric_limits<double>::infinity();
    CHECK(switchStepLimit(m, false, 1.0, -0.5, 1e-6) == none);  // moving away
    CHECK(switchStepLimit(m, true, 1.0, -0.5, 1e-6) == none);   // already past
    CHECK(switchStepLimit(m, false, 1.0, 0.5, 0.0) == none);    // no step yet
}

TEST_CASE("A switch keeps its accepted state inside the band and flags a change of state as not converged",
          "[device][switch]") {
    Circuit circuit;
    Unknown a = node(circuit, "a"), b = node(circuit, "b"), c = node(circuit, "c");
    auto& device = circuit.add<Switch>("s1", cablespice::SourceRange{}, a, b, c, kGround, model(), false);
    addResistor(circuit, "ra", "a", "0", 1.0);
    addResistor(circuit, "rb", "b", "0", 1.0);
    addResistor(circuit, "rc", "c", "0", 1.0);
    circuit.finalize();
    std::vector<double> x(4, 0.0);
    x[static_cast<std::size_t>(a)] = 1.25;
    x[static_cast<std::size_t>(b)] = 0.25;  // 1 V across the switch
    const auto loadAt = [&](double control, bool) {
        x[static_cast<std::size_t>(c)] = control;
        return loadNonlinearAt(circuit, device, x);  // not a first iterate
    };
    // off: the current through it is v/ROFF; the Jacobian is its conductance (constant per state)
    auto off = loadAt(2.2, false);
    CHECK_FALSE(device.isOn());
    CHECK_THAT(off.f[static_cast<std::size_t>(a)], Catch::Matchers::WithinRel(1e-6, 1e-14));
    checkNonlinearJacobian(circuit, device, x);
    checkNonlinearEquivalents(circuit, device, x);
    // above the band it turns on, and the change counts as a limited (unconverged) iterate
    x[static_cast<std::size_t>(c)] = 2.7;
    std::vector<double> f(4), q(4), fe(4), qe(4);
    MatrixValues g(circuit.pattern().nnz()), cm(circuit.pattern().nnz());
    NonlinearLoad load{x, g, cm, f, q, fe, qe, 1e-12, true, false, 0};
    device.loadNonlinear(load);
    CHECK(device.isOn());
    CHECK(load.limited == 1);
    CHECK_THAT(f[static_cast<std::size_t>(a)], Catch::Matchers::WithinRel(0.1, 1e-14));
    // back inside the band: the previous iterate's state (on) holds ...
    loadAt(2.2, false);
    CHECK(device.isOn());
    // ... but a new solve's first iterate starts from the accepted state (off: nothing accepted on)
    x[static_cast<std::size_t>(c)] = 2.2;
    NonlinearLoad first{x, g, cm, f, q, fe, qe, 1e-12, true, false, 0, true};
    device.loadNonlinear(first);
    CHECK_FALSE(device.isOn());
    // once accepted on, a first iterate inside the band stays on
    x[static_cast<std::size_t>(c)] = 2.7;
    loadAt(2.7, false);
    device.acceptSolution(x, 0.0);
    x[static_cast<std::size_t>(c)] = 2.2;
    NonlinearLoad again{x, g, cm, f, q, fe, qe, 1e-12, true, false, 0, true};
    device.loadNonlinear(again);
    CHECK(device.isOn());
}
