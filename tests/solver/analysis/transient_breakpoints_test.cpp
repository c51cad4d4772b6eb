#include "solver/analysis/breakpoint_schedule.hpp"
#include "solver/analysis/transient_step_control.hpp"

#include "../../support/circuit_builders.hpp"
#include "transient_recorder.hpp"

#include <catch2/catch.hpp>

using namespace cablespice::test;

TEST_CASE("The breakpoint schedule walks PULSE corners window by window and ends at TSTOP", "[tran]") {
    // PULSE(0 1 1u 1u 1u 2u 10u): corners 1,2,4,5 (+10k) us.
    Circuit c;
    addWaveformSource(c, "v1", "a", "0", waveformValue(WaveformKind::Pulse, {0, 1, 1e-6, 1e-6, 1e-6, 2e-6, 10e-6}, 1e-6, 25e-6));
    addResistor(c, "r1", "a", "0", 1.0);
    c.finalize();
    BreakpointSchedule schedule(c, 25e-6, 1e-12, 3e-6);  // windows of 3 us force refills
    std::vector<double> seen;
    for (double t = 0.0; t < 25e-6;) {
        t = schedule.next(t);
        seen.push_back(t);
    }
    const std::vector<double> expected{1e-6, 2e-6, 4e-6, 5e-6, 11e-6, 12e-6, 14e-6, 15e-6, 21e-6, 22e-6, 24e-6, 25e-6};
    REQUIRE(seen.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) CHECK(seen[i] == Approx(expected[i]));
}

TEST_CASE("A corner closer than minBreak to TSTOP merges into TSTOP", "[tran]") {
    Circuit c;
    addWaveformSource(c, "v1", "a", "0", waveformValue(WaveformKind::Pwl, {0, 0, 10e-6 - 1e-15, 1}, 1e-6, 10e-6));
    addResistor(c, "r1", "a", "0", 1.0);
    c.finalize();
    BreakpointSchedule schedule(c, 10e-6, 1e-12, 1.0);
    CHECK(schedule.next(0.0) == 10e-6);
}

TEST_CASE("Step planning lands on a reachable breakpoint and splits a remainder in two", "[tran]") {
    StepLimits limits;
    limits.tmax = 1.0;
    limits.minBreak = 1e-6;
    auto land = planStep(0.0, 1.0, 0.5, limits, true);
    CHECK(land.landsOnBreakpoint);
    CHECK(land.h == 0.5);
    auto split = planStep(0.0, 0.3, 0.5, limits, true);
    CHECK_FALSE(split.landsOnBreakpoint);
    CHECK(split.h == 0.25);
    CHECK(planStep(0.0, 0.3, 0.5, limits, false).h == 0.3);
}

TEST_CASE("The step controller keeps h on acceptance and only doubles it with a wide error margin", "[tran]") {
    StepLimits limits;
    limits.tmax = 1.0;
    CHECK(judgeStep(0.25, 0.3, limits).nextStep == 0.25);     // error allows 1.2 h: keep
    CHECK(judgeStep(0.25, 0.23, limits).accept);               // above 0.9 h: accepted (SPICE)
    CHECK(judgeStep(0.25, 0.23, limits).nextStep == 0.25);
    CHECK(judgeStep(0.25, 0.5, limits).nextStep == 0.5);       // allows 2 h: double
    CHECK(judgeStep(0.5, 10.0, limits).nextStep == 1.0);       // capped at TMAX
    auto rejected = judgeStep(0.25, 0.2, limits);              // below 0.9 h: reject
    CHECK_FALSE(rejected.accept);
    CHECK(rejected.nextStep == 0.125);                         // the ladder value below 0.2
    CHECK(judgeStep(0.25, 1e-6, limits).nextStep == 0.015625); // at most a factor 10 down at once
    CHECK(ladderFloor(0.3, 1.0) == 0.25);
    CHECK(ladderFloor(0.25, 1.0) == 0.25);
}
