// VectorEvaluator: element currents from their branch equations, point by point.
#include "apps/engine/vector_evaluator.hpp"

#include <catch2/catch.hpp>

#include <numbers>
#include <vector>

using namespace cablespice;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

const solver::AnalysisInfo kTransient{"Transient Analysis", "time", solver::VectorType::Time, false};
const solver::AnalysisInfo kAc{"AC Analysis", "frequency", solver::VectorType::Frequency, true};
const solver::AnalysisInfo kOp{"Operating Point", "", solver::VectorType::Other, false};

// A capacitor of 2 F between unknowns 1 and 2.
elab::VectorProbe capacitor() {
    elab::VectorProbe probe;
    probe.kind = elab::ProbeKind::CapacitorCurrent;
    probe.a = 1;
    probe.b = 2;
    probe.value = 2.0;
    return probe;
}

} // namespace

TEST_CASE("vector evaluator: a capacitor's transient current is C dv/dt, exact for a quadratic v(t)", "[app][output]") {
    // v = t^2 on an uneven grid: the second-order backward difference is exact from the third
    // point on (i = 2 * 2t); the second point has one step (first order), the first none.
    app::VectorEvaluator evaluator(capacitor(), kTransient);
    const std::vector<double> times{0.0, 0.1, 0.25, 0.3, 0.5, 0.5, 0.9};
    std::vector<double> currents;
    for (double t : times)
        currents.push_back(evaluator.next(t, [&](solver::Unknown u) { return std::complex<double>(u == 1 ? t * t : 0.0); }).real());
    CHECK(currents[0] == 0.0);
    CHECK_THAT(currents[1], WithinRel(2.0 * 0.01 / 0.1, 1e-12));
    for (std::size_t k : {2u, 3u, 4u, 6u}) CHECK_THAT(currents[k], WithinRel(2.0 * 2.0 * times[k], 1e-12));
    CHECK(currents[5] == currents[4]);  // a repeated time point keeps the last value
}

TEST_CASE("vector evaluator: capacitor current is j omega C v in AC and 0 at DC", "[app][output]") {
    app::VectorEvaluator ac(capacitor(), kAc);
    const std::complex<double> v(0.3, -0.4);
    auto i = ac.next(50.0, [&](solver::Unknown u) { return u == 1 ? v : std::complex<double>(0.0); });
    CHECK_THAT(i.real(), WithinRel((std::complex<double>(0.0, 2.0 * std::numbers::pi * 50.0 * 2.0) * v).real(), 1e-12));
    CHECK_THAT(i.imag(), WithinRel((std::complex<double>(0.0, 2.0 * std::numbers::pi * 50.0 * 2.0) * v).imag(), 1e-12));
    app::VectorEvaluator dc(capacitor(), kOp);
    CHECK(dc.next(0.0, [](solver::Unknown) { return std::complex<double>(5.0); }) == 0.0);
}

TEST_CASE("vector evaluator: resistor current and power, source current", "[app][output]") {
    elab::VectorProbe resistor;
    resistor.kind = elab::ProbeKind::LinearCurrent;
    resistor.a = resistor.unknown = 1;
    resistor.b = resistor.reference = 0;
    resistor.value = 1.0 / 50.0;
    const auto at = [](solver::Unknown u) { return std::complex<double>(u == 1 ? 10.0 : 0.0); };
    CHECK_THAT(app::VectorEvaluator(resistor, kOp).next(0.0, at).real(), WithinRel(0.2, 1e-15));
    resistor.power = true;
    CHECK_THAT(app::VectorEvaluator(resistor, kOp).next(0.0, at).real(), WithinRel(2.0, 1e-15));

    solver::SourceValue value;
    value.dc = 3e-3;
    value.acMagnitude = 2.0;
    value.acPhaseDegrees = 90.0;
    elab::VectorProbe source;
    source.kind = elab::ProbeKind::SourceCurrent;
    source.source = &value;
    CHECK(app::VectorEvaluator(source, kOp).next(0.0, at).real() == 3e-3);
    CHECK(app::VectorEvaluator(source, kTransient).next(1.0, at).real() == 3e-3);  // no waveform: the DC value
    auto phasor = app::VectorEvaluator(source, kAc).next(1e3, at);
    CHECK_THAT(phasor.real(), WithinAbs(0.0, 1e-15));
    CHECK_THAT(phasor.imag(), WithinRel(2.0, 1e-15));
}
