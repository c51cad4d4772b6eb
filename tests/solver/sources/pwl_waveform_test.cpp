#include "solver/sources/pwl_waveform.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace cablespice::solver;

namespace {
// PWL(0 0 1m 1 2m 1 3m 0) r=1m td=0.5m
PwlWaveform repeatingPwl() {
    PwlParameters p;
    p.points = {{0.0, 0.0}, {1e-3, 1.0}, {2e-3, 1.0}, {3e-3, 0.0}};
    p.repeatFrom = 1e-3;
    p.delaySeconds = 0.5e-3;
    return PwlWaveform(p);
}
}

TEST_CASE("PWL interpolates linearly between points shifted by td", "[waveform]") {
    auto w = repeatingPwl();
    CHECK(w.value(0.0) == 0.0);
    CHECK(w.value(1e-3) == Approx(0.5));
    CHECK(w.value(1.5e-3) == Approx(1.0));
    CHECK(w.value(3.0e-3) == Approx(0.5));
    CHECK(w.value(3.5e-3) == Approx(0.0).margin(1e-12));
}

TEST_CASE("PWL with r= repeats the segment from time r to the last point", "[waveform]") {
    auto w = repeatingPwl();
    // period 2 ms; local 3.5 ms folds to 1.5 ms, local 4.25 ms folds to 2.25 ms
    CHECK(w.value(4.0e-3) == Approx(1.0));
    CHECK(w.value(4.75e-3) == Approx(0.75));
}

TEST_CASE("PWL without r= holds the first value before and the last value after the table", "[waveform]") {
    PwlParameters p;
    p.points = {{1e-3, 2.0}, {2e-3, 4.0}};
    PwlWaveform w(p);
    CHECK(w.value(0.0) == 2.0);
    CHECK(w.value(1.5e-3) == Approx(3.0));
    CHECK(w.value(1.0) == 4.0);
}

TEST_CASE("PWL breakpoints are its time points and their repeated copies", "[waveform]") {
    std::vector<double> corners;
    repeatingPwl().breakpoints(0.0, 6e-3, corners);
    std::sort(corners.begin(), corners.end());
    std::vector<double> expected{0.5e-3, 1.5e-3, 2.5e-3, 3.5e-3, 4.5e-3, 5.5e-3};
    REQUIRE(corners.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) CHECK(corners[i] == Approx(expected[i]));
}

TEST_CASE("PWL with r= holds the last value at the end of every repeat and jumps right after", "[waveform]") {
    // PWL(0 0 2 3 10 3) r=0 td=1: table ends at 11 s, period 10 s; the wrap is a jump 3 -> 0.
    PwlParameters p;
    p.points = {{0.0, 0.0}, {2.0, 3.0}, {10.0, 3.0}};
    p.repeatFrom = 0.0;
    p.delaySeconds = 1.0;
    PwlWaveform w(p);
    CHECK(w.value(11.0) == 3.0);
    CHECK(w.value(21.0) == 3.0);  // the end of the second period, as at 11 s
    CHECK(w.value(31.0) == 3.0);
    CHECK(w.value(21.0 + 1e-9) == Approx(1.5e-9).margin(1e-12));
    CHECK(w.value(22.0) == Approx(1.5));
    CHECK(w.value(20.0 + 1.0 - 1e-9) == Approx(3.0));
}
