#include "solver/sources/sin_waveform.hpp"

#include <catch2/catch.hpp>

using namespace cablespice::solver;

TEST_CASE("SIN without delay or damping is a plain sine of FREQ", "[waveform]") {
    SinWaveform w({0.0, 1.0, 1e3, 0.0, 0.0, 0.0});
    CHECK(w.value(0.0) == Approx(0.0).margin(1e-15));
    CHECK(w.value(0.125e-3) == Approx(0.7071067811865476));
    CHECK(w.value(0.25e-3) == Approx(1.0));
    CHECK(w.value(0.75e-3) == Approx(-1.0));
}

TEST_CASE("SIN holds VO + VA*sin(PHASE) before TD and is damped by THETA after it", "[waveform]") {
    // SIN(0.5 2 1k 1m 100 90)
    SinWaveform w({0.5, 2.0, 1e3, 1e-3, 100.0, 90.0});
    CHECK(w.value(0.0) == Approx(2.5));
    CHECK(w.value(0.5e-3) == Approx(2.5));
    CHECK(w.value(1e-3) == Approx(2.5));
    // elapsed 0.125 ms: 0.5 + 2*exp(-0.0125)*sin(3*pi/4)
    CHECK(w.value(1.125e-3) == Approx(1.896645919357038));
    // elapsed 0.25 ms: sin(pi) = 0
    CHECK(w.value(1.25e-3) == Approx(0.5).margin(1e-12));
}

TEST_CASE("SIN with a negative TD is already running at t = 0", "[waveform]") {
    SinWaveform w({0.0, 1.0, 1e3, -0.25e-3, 0.0, 0.0});
    CHECK(w.value(0.0) == Approx(1.0));
}

TEST_CASE("SIN reports its onset TD as the only breakpoint", "[waveform]") {
    std::vector<double> corners;
    SinWaveform({0.0, 1.0, 1e3, 1e-3, 0.0, 0.0}).breakpoints(0.0, 1.0, corners);
    REQUIRE(corners == std::vector<double>{1e-3});
    corners.clear();
    SinWaveform({0.0, 1.0, 1e3, 0.0, 0.0, 0.0}).breakpoints(0.0, 1.0, corners);
    CHECK(corners.empty());
}
