// A-weighting against the IEC 61672-1:2013 table (Table 3, at the exact base-ten frequencies
// 10^1.5 Hz, 1 kHz, 10 kHz), and the band integration against sums written here.
#include "solver/analysis/a_weighting.hpp"
#include "solver/analysis/audio_noise.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

using namespace cablespice::solver;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

TEST_CASE("A-weighting matches IEC 61672-1 at 31.5 Hz, 1 kHz and 10 kHz within 0.1 dB", "[noise][audio]") {
    CHECK_THAT(aWeightingDecibels(std::pow(10.0, 1.5)), WithinAbs(-39.4, 0.1));  // nominal 31.5 Hz
    CHECK_THAT(aWeightingDecibels(1000.0), WithinAbs(0.0, 0.1));
    CHECK_THAT(aWeightingDecibels(10000.0), WithinAbs(-2.5, 0.1));
    CHECK_THAT(aWeightingPowerGain(1000.0), WithinRel(std::pow(10.0, aWeightingDecibels(1000.0) / 10), 1e-12));
}

TEST_CASE("Audio noise figures: a white density over 20 Hz..20 kHz, unweighted and A-weighted", "[noise][audio]") {
    // 10 nV/sqrt(Hz) output, 1 nV/sqrt(Hz) input, on a grid wider than the band (10 Hz..100 kHz).
    std::vector<double> f, out, in;
    for (int k = 0; k <= 400; ++k) {
        f.push_back(10.0 * std::pow(10.0, k / 100.0));
        out.push_back(10e-9);
        in.push_back(1e-9);
    }
    const auto figures = audioNoiseFigures(f, out, in);
    CHECK(figures.lowHz == 20.0);
    CHECK(figures.highHz == 20e3);
    CHECK_THAT(figures.outputVolts, WithinRel(10e-9 * std::sqrt(20e3 - 20.0), 1e-12));
    CHECK_THAT(figures.inputVolts, WithinRel(1e-9 * std::sqrt(20e3 - 20.0), 1e-12));
    // The A-weighted power: the weighting curve summed by the midpoint rule on 2e6 steps.
    double weighted = 0.0;
    const int steps = 2000000;
    const double h = (20e3 - 20.0) / steps;
    for (int k = 0; k < steps; ++k) weighted += aWeightingPowerGain(20.0 + (k + 0.5) * h) * h;
    CHECK_THAT(figures.outputAWeightedVolts, WithinRel(10e-9 * std::sqrt(weighted), 1e-4));
    CHECK(figures.outputAWeightedVolts < figures.outputVolts);
}

TEST_CASE("dBu and dBV of 0.7746 V and 1 V", "[noise][audio]") {
    CHECK_THAT(toDbu(std::sqrt(0.6)), WithinAbs(0.0, 1e-12));
    CHECK_THAT(toDbv(1.0), WithinAbs(0.0, 1e-12));
    CHECK_THAT(toDbu(1.0), WithinAbs(2.2185, 1e-4));
}
