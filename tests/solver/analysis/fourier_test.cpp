// Fourier coefficients on synthetic samples whose spectrum is known exactly: a sum of sines
// (amplitudes and phases), a sampled square wave (4/(N sin(pi n/N)) for odd n, the N-point
// DFT of +-1 halves, which tends to 4/(pi n)), windows of several periods, and the errors.
#include "solver/analysis/fourier.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>
#include <vector>

using namespace cablespice::solver;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

constexpr double kPi = std::numbers::pi;

struct Samples {
    std::vector<double> time, value;
};

template <typename F>
Samples sample(double tstop, int points, F f) {
    Samples s;
    for (int i = 0; i <= points; ++i) {
        double t = tstop * i / points;
        s.time.push_back(t);
        s.value.push_back(f(t));
    }
    return s;
}

} // namespace

TEST_CASE("Fourier: amplitudes and sine phases of a sum of harmonics", "[fourier]") {
    // 0.25 + sin(wt) + 0.2 sin(2wt + 45deg) + 0.05 sin(5wt - 90deg), sampled finely over 3 periods.
    const double f = 1e3, w = 2 * kPi * f;
    auto s = sample(3e-3, 30000, [&](double t) {
        return 0.25 + std::sin(w * t) + 0.2 * std::sin(2 * w * t + kPi / 4) + 0.05 * std::sin(5 * w * t - kPi / 2);
    });
    auto outcome = fourierAnalysis(s.time, s.value, FourierRequest{f, 10, 3e-3, 1, 200});
    REQUIRE(outcome.result);
    const auto& h = outcome.result->harmonics;
    REQUIRE(h.size() == 10);
    CHECK(outcome.result->gridSize == 200);
    CHECK_THAT(h[0].magnitude, WithinAbs(0.25, 1e-6));
    CHECK_THAT(h[1].magnitude, WithinRel(1.0, 1e-5));
    CHECK_THAT(h[2].magnitude, WithinRel(0.2, 1e-5));
    CHECK_THAT(h[2].phase, WithinAbs(45.0, 1e-3));
    CHECK_THAT(h[5].magnitude, WithinRel(0.05, 1e-4));
    CHECK_THAT(h[5].phase, WithinAbs(-90.0, 1e-2));
    CHECK_THAT(h[5].normalizedMagnitude, WithinRel(0.05, 1e-4));
    CHECK_THAT(h[3].magnitude, WithinAbs(0.0, 1e-6));
    CHECK_THAT(h[7].frequency, WithinRel(7e3, 1e-15));
    CHECK_THAT(outcome.result->thd, WithinRel(std::hypot(0.2, 0.05), 1e-4));
}

TEST_CASE("Fourier: a sampled square wave has the N-point DFT of +-1 halves", "[fourier]") {
    // Edges half a grid step off the grid, so 100 samples are +1 and 100 are -1.
    const double f = 1e3, period = 1e-3, dt = period / 200;
    auto s = sample(2e-3, 400000, [&](double t) {
        double phase = std::fmod(t - dt / 2 + 10 * period, period);
        return phase < period / 2 ? 1.0 : -1.0;
    });
    auto outcome = fourierAnalysis(s.time, s.value, FourierRequest{f, 10, 2e-3, 1, 200});
    REQUIRE(outcome.result);
    for (int n = 1; n < 10; n += 2) {
        double dft = 4.0 / (200 * std::sin(kPi * n / 200));
        CHECK_THAT(outcome.result->harmonics[n].magnitude, WithinRel(dft, 1e-3));
        CHECK_THAT(outcome.result->harmonics[n].magnitude, WithinRel(4.0 / (kPi * n), 4e-3));
        CHECK_THAT(outcome.result->harmonics[n + 1 < 10 ? n + 1 : n - 1].magnitude, WithinAbs(0.0, 1e-3));
    }
}

TEST_CASE("Fourier: several periods resolve the fundamental's harmonics only", "[fourier]") {
    // Three whole periods: 600 grid points, and harmonic n is bin 3n of their DFT.
    const double w = 2 * kPi * 1e3;
    auto s = sample(4e-3, 40000, [&](double t) { return std::sin(w * t) + 0.3 * std::sin(3 * w * t); });
    auto outcome = fourierAnalysis(s.time, s.value, FourierRequest{1e3, 5, 4e-3, 3, 200});
    REQUIRE(outcome.result);
    CHECK(outcome.result->gridSize == 600);
    CHECK(outcome.result->periods == 3);
    CHECK_THAT(outcome.result->harmonics[3].magnitude, WithinRel(0.3, 1e-4));
    CHECK_THAT(outcome.result->thd, WithinRel(0.3, 1e-4));
    CHECK(wholePeriods(0.5e-3, 2.5e-3, 1e3) == 2);
    CHECK(wholePeriods(0.5e-3, 1.2e-3, 1e3) == 0);
    CHECK(wholePeriods(0.0, 1e-3, 1e3) == 1);
}

TEST_CASE("Fourier: a waveform shorter than the window is an error, not a guess", "[fourier]") {
    auto s = sample(0.5e-3, 100, [](double t) { return t; });
    auto outcome = fourierAnalysis(s.time, s.value, FourierRequest{1e3, 10, 0.5e-3, 1, 200});
    CHECK_FALSE(outcome.result);
    CHECK(outcome.error.find("shorter than 1 period(s) of 1000 Hz") != std::string::npos);
    CHECK_FALSE(fourierAnalysis({}, {}, FourierRequest{1e3, 10, 1e-3, 1, 200}).result);
    CHECK_FALSE(fourierAnalysis(s.time, s.value, FourierRequest{0.0, 10, 0.5e-3, 1, 200}).result);
}
