#include "solver/analysis/transient.hpp"

#include "../../support/circuit_builders.hpp"
#include "transient_recorder.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace cablespice::test;
using cablespice::SourceRange;

namespace {

// V1 in 0 PULSE(0 1 0 1n 1n 10m 20m); R1 in out 1k; C1 out 0 1u  (tau = 1 ms)
void buildRcStep(Circuit& c) {
    addWaveformSource(c, "v1", "in", "0", waveformValue(WaveformKind::Pulse, {0, 1, 0, 1e-9, 1e-9, 10e-3, 20e-3}, 1e-6, 5e-3));
    addResistor(c, "r1", "in", "out", 1e3);
    addCapacitor(c, "c1", "out", "0", 1e-6);
    c.finalize();
}

// Series RLC step: V1 in 0 PULSE(0 1 0 1n 1n 10m 20m); R 100; L 10 mH; C 100 nF; v(out) across C.
void buildRlcStep(Circuit& c) {
    addWaveformSource(c, "v1", "in", "0", waveformValue(WaveformKind::Pulse, {0, 1, 0, 1e-9, 1e-9, 10e-3, 20e-3}, 0.2e-6, 1e-3));
    addResistor(c, "r1", "in", "a", 100.0);
    addInductor(c, "l1", "a", "out", 10e-3);
    addCapacitor(c, "c1", "out", "0", 100e-9);
    c.finalize();
}

Unknown nodeOf(const Circuit& c, std::string_view name) { return *c.nodes().findNode(name); }

} // namespace

TEST_CASE("RC low-pass step response matches 1-exp(-t/RC) at 1, 2 and 5 ms", "[tran]") {
    Circuit c;
    buildRcStep(c);
    TransientRecorder rec;
    auto stats = runOk(c, tranSpec(1e-6, 5e-3), {}, rec);
    const Unknown out = nodeOf(c, "out");
    CHECK(rec.at(out, 1e-3) == Approx(0.632121).margin(2e-4));
    CHECK(rec.at(out, 2e-3) == Approx(0.864665).margin(2e-4));
    CHECK(rec.at(out, 5e-3) == Approx(0.993262).margin(2e-4));
    CHECK(rec.times.front() == 0.0);
    CHECK(rec.times.back() == 5e-3);
    CHECK(rec.info().plotName == "Transient Analysis");
    CHECK(rec.info().scaleName == "time");
    CHECK(rec.info().scaleType == VectorType::Time);
    CHECK(rec.complete());
    CHECK(stats.acceptedSteps + 1 == static_cast<int>(rec.times.size()));
}

TEST_CASE("Transient steps land exactly on the corners of a PULSE source", "[tran]") {
    Circuit c;
    buildRcStep(c);
    TransientRecorder rec;
    runOk(c, tranSpec(1e-6, 5e-3), {}, rec);
    CHECK(std::find(rec.times.begin(), rec.times.end(), 1e-9) != rec.times.end());
    CHECK(rec.points[1][static_cast<std::size_t>(nodeOf(c, "in"))] <= 1.0);
}

TEST_CASE("Series RLC step overshoots to 1.60468 V at 100.611 us and settles to 0.993589 at 1 ms", "[tran]") {
    for (auto method : {IntegrationMethod::Trapezoidal, IntegrationMethod::Gear}) {
        Circuit c;
        buildRlcStep(c);
        TransientRecorder rec;
        TransientOptions options;
        options.method = method;
        runOk(c, tranSpec(0.2e-6, 1e-3), options, rec);
        const auto out = static_cast<std::size_t>(nodeOf(c, "out"));
        std::size_t peak = 0;
        for (std::size_t i = 0; i < rec.times.size() && rec.times[i] < 200e-6; ++i)
            if (rec.points[i][out] > rec.points[peak][out]) peak = i;
        REQUIRE(peak > 0);
        REQUIRE(peak + 1 < rec.times.size());
        // Vertex of the parabola through the three samples around the largest one.
        const double t0 = rec.times[peak - 1], t1 = rec.times[peak], t2 = rec.times[peak + 1];
        const double y0 = rec.points[peak - 1][out], y1 = rec.points[peak][out], y2 = rec.points[peak + 1][out];
        const double d1 = (y1 - y0) / (t1 - t0), d2 = (y2 - y1) / (t2 - t1);
        const double curvature = (d2 - d1) / (t2 - t0);
        const double tPeak = 0.5 * (t0 + t1) - d1 / (2.0 * curvature);
        const double vPeak = y1 + (tPeak - t1) * (d1 + curvature * (tPeak - t0));
        INFO("method " << (method == IntegrationMethod::Gear ? "gear" : "trap"));
        CHECK(vPeak == Approx(1.60468).margin(2e-3));
        CHECK(tPeak == Approx(100.611e-6).margin(0.5e-6));
        CHECK(rec.at(static_cast<Unknown>(out), 1e-3) == Approx(0.993589).margin(2e-3));
    }
}

TEST_CASE("A linear transient factors once per step-size change and never re-runs the symbolic analysis", "[tran]") {
    Circuit c;
    buildRlcStep(c);
    TransientRecorder rec;
    auto stats = runOk(c, tranSpec(0.2e-6, 1e-3), {}, rec);
    CHECK(c.symbolicAnalyses() == 2);  // at finalize: one per matrix family (DC, dynamic), none later
    CHECK(stats.numericFactorizations() == stats.matrixChanges);
    CHECK(stats.solves == stats.acceptedSteps + stats.rejectedSteps + stats.startRateProbes);
    CHECK(stats.numericFactorizations() < stats.acceptedSteps / 10);
    INFO("accepted " << stats.acceptedSteps << " rejected " << stats.rejectedSteps << " factor "
                     << stats.factorizations << " refactor " << stats.refactorizations << " distinct "
                     << stats.distinctStepSizes);
    CHECK(stats.distinctStepSizes <= stats.matrixChanges);
}

TEST_CASE("A fixed-step transient needs exactly one factorization per distinct step formula", "[tran]") {
    Circuit c;
    buildRcStep(c);
    TransientRecorder rec;
    TransientOptions options;
    options.fixedStep = true;
    // h = TSTEP = 10 us except for landing on the 1 ns corner and on TSTOP: backward Euler at
    // 1 ns and 10 us, trapezoidal at 10 us and at the last landing step. Thousands of
    // solves, four factorizations.
    auto stats = runOk(c, tranSpec(10e-6, 5e-3), options, rec);
    CHECK(stats.numericFactorizations() == stats.distinctStepSizes);
    CHECK(stats.numericFactorizations() <= 5);
    CHECK(stats.acceptedSteps > 400);
}

TEST_CASE("TSTART drops the points before it but the run still starts at t = 0", "[tran]") {
    Circuit c;
    buildRcStep(c);
    TransientRecorder rec;
    runOk(c, tranSpec(1e-6, 5e-3, 2e-3), {}, rec);
    REQUIRE_FALSE(rec.times.empty());
    CHECK(rec.times.front() >= 2e-3);
    CHECK(rec.times.front() < 2e-3 + 1e-6 + 1e-12);
    CHECK(rec.at(nodeOf(c, "out"), 3e-3) == Approx(1.0 - std::exp(-3.0)).margin(2e-4));
}

TEST_CASE("UIC starts a capacitor from its IC and it decays as IC*exp(-t/RC)", "[tran]") {
    Circuit c;
    const Unknown a = c.nodes().node("a");
    addResistor(c, "r1", "a", "0", 1e3);
    c.add<Capacitor>("c1", SourceRange{}, a, kGround, 1e-6, 2.0);
    c.finalize();
    TransientRecorder rec;
    runOk(c, tranSpec(10e-6, 5e-3, 0.0, true), {}, rec);
    CHECK(rec.points.front()[static_cast<std::size_t>(a)] == 2.0);
    CHECK(rec.at(a, 1e-3) == Approx(2.0 * std::exp(-1.0)).margin(1e-3));
    CHECK(rec.at(a, 3e-3) == Approx(2.0 * std::exp(-3.0)).margin(1e-3));
}

TEST_CASE("UIC on a floating capacitor sets its charge even though the node voltages start at 0", "[tran]") {
    // C between a and b, each node to ground through 1k: v(a,b) = IC*exp(-t/(2RC)).
    Circuit c;
    const Unknown a = c.nodes().node("a"), b = c.nodes().node("b");
    addResistor(c, "r1", "a", "0", 1e3);
    addResistor(c, "r2", "b", "0", 1e3);
    c.add<Capacitor>("c1", SourceRange{}, a, b, 1e-6, 1.0);
    c.finalize();
    TransientRecorder rec;
    runOk(c, tranSpec(10e-6, 5e-3, 0.0, true), {}, rec);
    CHECK(rec.at(a, 2e-3) - rec.at(b, 2e-3) == Approx(std::exp(-1.0)).margin(1e-3));
}

TEST_CASE("UIC starts an inductor from its IC current, decaying with L/R", "[tran]") {
    Circuit c;
    const Unknown a = c.nodes().node("a");
    addResistor(c, "r1", "a", "0", 1.0);
    auto& l = c.add<Inductor>("l1", SourceRange{}, a, kGround, 1e-3, 1e-3);
    c.finalize();
    TransientRecorder rec;
    runOk(c, tranSpec(10e-6, 3e-3, 0.0, true), {}, rec);
    CHECK(rec.at(l.branchCurrent(), 1e-3) == Approx(1e-3 * std::exp(-1.0)).margin(1e-6));
}

TEST_CASE(".ic without UIC forces the node during the initial operating point", "[tran]") {
    // V1 in 0 DC 0; R1 in a 1k; C1 a 0 1u; .ic v(a)=1 -> the OP holds a at 1 V, then it decays.
    Circuit c;
    addVoltageSource(c, "v1", "in", "0", 0.0);
    addResistor(c, "r1", "in", "a", 1e3);
    addCapacitor(c, "c1", "a", "0", 1e-6);
    c.finalize();
    const Unknown a = nodeOf(c, "a");
    TransientRecorder rec;
    runOk(c, tranSpec(10e-6, 3e-3), {}, rec, {{a, 1.0}});
    CHECK(rec.points.front()[static_cast<std::size_t>(a)] == Approx(1.0).margin(1e-6));
    CHECK(rec.at(a, 1e-3) == Approx(std::exp(-1.0)).margin(1e-3));
}

TEST_CASE("A minimum step larger than the signal allows ends with 'time step too small'", "[tran]") {
    // A 1 MHz sine needs steps well below 0.1 us for reltol 1e-3; hmin = 0.1 us forbids them.
    // It starts after TD = 2 us, so the run fails after some accepted points.
    Circuit c;
    addWaveformSource(c, "v1", "in", "0", waveformValue(WaveformKind::Sin, {0, 1, 1e6, 2e-6}, 1e-6, 10e-6));
    addResistor(c, "r1", "in", "out", 1e3);
    addCapacitor(c, "c1", "out", "0", 1e-9);
    c.finalize();
    TransientOptions options;
    options.hmin = 0.1e-6;
    TransientRecorder rec;
    auto result = runTransient(c, tranSpec(1e-6, 10e-6), options, {}, rec);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().kind == SolveErrorKind::TimestepTooSmall);
    CHECK_THAT(result.error().message, Catch::StartsWith("time step too small at t = "));
    CHECK(result.error().unknown >= 1);
    CHECK(result.error().time >= 2e-6);
    CHECK(rec.ended());
    CHECK_FALSE(rec.complete());
    CHECK_FALSE(rec.times.empty());
}

TEST_CASE("An invalid .tran is reported and the output is closed as incomplete", "[tran]") {
    Circuit c;
    buildRcStep(c);
    TransientRecorder rec;
    auto result = runTransient(c, tranSpec(0.0, 1e-3), {}, {}, rec);
    CHECK_FALSE(result.ok());
    CHECK(rec.ended());
    CHECK_FALSE(rec.complete());
}
