#include "solver/sources/pulse_waveform.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace cablespice::solver;

namespace {
// PULSE(0 1 1u 2u 3u 4u 20u): rise 1u..3u, high 3u..7u, fall 7u..10u, low until 21u.
PulseWaveform examplePulse() { return PulseWaveform({0.0, 1.0, 1e-6, 2e-6, 3e-6, 4e-6, 20e-6, 0.0}); }
}

TEST_CASE("PULSE follows V1, the rise ramp, V2 and the fall ramp within one period", "[waveform]") {
    auto w = examplePulse();
    CHECK(w.value(0.0) == 0.0);
    CHECK(w.value(1e-6) == 0.0);
    CHECK(w.value(2e-6) == Approx(0.5));
    CHECK(w.value(3e-6) == Approx(1.0));
    CHECK(w.value(5e-6) == Approx(1.0));
    CHECK(w.value(8.5e-6) == Approx(0.5));
    CHECK(w.value(12e-6) == 0.0);
}

TEST_CASE("PULSE repeats with period PER counted from TD", "[waveform]") {
    auto w = examplePulse();
    CHECK(w.value(22e-6) == Approx(0.5));  // 1u into the second period's rise: half way up
    CHECK(w.value(24e-6) == Approx(1.0));
    CHECK(w.value(31e-6) == 0.0);
}

TEST_CASE("PULSE with NP stops at V1 after NP periods", "[waveform]") {
    // PULSE(0 1 0 1u 1u 3u 10u 2)
    PulseWaveform w({0.0, 1.0, 0.0, 1e-6, 1e-6, 3e-6, 10e-6, 2.0});
    CHECK(w.value(12e-6) == Approx(1.0));
    CHECK(w.value(22e-6) == 0.0);
    std::vector<double> corners;
    w.breakpoints(0.0, 50e-6, corners);
    std::sort(corners.begin(), corners.end());
    std::vector<double> expected{0.0, 1e-6, 4e-6, 5e-6, 10e-6, 11e-6, 14e-6, 15e-6};
    REQUIRE(corners.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) CHECK(corners[i] == Approx(expected[i]).margin(1e-18));
}

TEST_CASE("PULSE breakpoints are the four corners of every period in the range", "[waveform]") {
    std::vector<double> corners;
    examplePulse().breakpoints(0.0, 25e-6, corners);
    std::sort(corners.begin(), corners.end());
    std::vector<double> expected{1e-6, 3e-6, 7e-6, 10e-6, 21e-6, 23e-6};
    REQUIRE(corners.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) CHECK(corners[i] == Approx(expected[i]));
}
