#include "solver/sources/exp_waveform.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace cablespice::solver;

TEST_CASE("EXP rises from V1 after TD1 and decays back after TD2", "[waveform]") {
    // EXP(0 1 1m 1m 3m 2m)
    ExpWaveform w({0.0, 1.0, 1e-3, 1e-3, 3e-3, 2e-3});
    CHECK(w.value(0.5e-3) == 0.0);
    CHECK(w.value(1e-3) == 0.0);
    CHECK(w.value(2e-3) == Approx(0.6321205588285577));
    // (1 - e^-4) - (1 - e^-1) = e^-1 - e^-4
    CHECK(w.value(5e-3) == Approx(0.34956380228270817));
}

TEST_CASE("EXP breakpoints are TD1 and TD2", "[waveform]") {
    std::vector<double> corners;
    ExpWaveform({0.0, 1.0, 1e-3, 1e-3, 3e-3, 2e-3}).breakpoints(0.0, 10e-3, corners);
    std::sort(corners.begin(), corners.end());
    REQUIRE(corners == std::vector<double>{1e-3, 3e-3});
}
