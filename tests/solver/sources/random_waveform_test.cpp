#include "solver/sources/noise_waveform.hpp"
#include "solver/sources/sffm_waveform.hpp"
#include "solver/sources/waveform_factory.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>

using namespace cablespice::solver;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {
const WaveformContext kTran{1e-5, 1e-3};

std::shared_ptr<const Waveform> make(WaveformKind kind, std::vector<double> args, RandomSourceOptions random = {}) {
    auto result = makeWaveform(kind, std::move(args), kTran, {}, random);
    INFO(result.error);
    REQUIRE(result.ok());
    return result.waveform;
}
} // namespace

TEST_CASE("SFFM follows ngspice's formula with phases in degrees and 1/TSTOP defaults", "[waveform][sffm]") {
    // ngspice 39 printed, for SFFM(0.5 2 10k 3 1k 30 60): -0.925930 at 33.6 us, 0.1853896 at 96.6 us;
    // for SFFM(0 1) with TSTOP = 1 ms (FC = FS = 1 kHz, MDI 0): 0.5703696 at 96.6 us.
    auto full = make(WaveformKind::Sffm, {0.5, 2, 10e3, 3, 1e3, 30, 60});
    auto formula = [](double t) {
        const double d = std::numbers::pi / 180.0;
        return 0.5 + 2 * std::sin(2 * std::numbers::pi * 10e3 * t + 30 * d + 3 * std::sin(2 * std::numbers::pi * 1e3 * t + 60 * d));
    };
    for (double t : {0.0, 33.6e-6, 96.6e-6, 496.6e-6}) CHECK_THAT(full->value(t), WithinAbs(formula(t), 1e-12));
    CHECK_THAT(full->value(33.6e-6), WithinAbs(-0.925930, 1e-6));
    CHECK_THAT(full->value(96.6e-6), WithinAbs(0.1853896, 1e-6));
    auto defaults = make(WaveformKind::Sffm, {0, 1});
    CHECK_THAT(defaults->value(96.6e-6), WithinAbs(0.5703696, 1e-6));
    CHECK_FALSE(makeWaveform(WaveformKind::Sffm, {1}, kTran).ok());
}

TEST_CASE("TRNOISE: DC at t = 0, linear between samples every NT, fixed by the seed", "[waveform][noise]") {
    RandomSourceOptions random{7, CounterRandom::streamOf("v1"), 0.25};
    auto a = make(WaveformKind::Trnoise, {1e-3, 1e-6}, random);
    auto b = make(WaveformKind::Trnoise, {1e-3, 1e-6}, random);
    CHECK(a->value(0.0) == 0.25);
    // Linear between samples.
    const double s3 = a->value(3e-6), s4 = a->value(4e-6);
    CHECK_THAT(a->value(3.25e-6), WithinAbs(0.75 * s3 + 0.25 * s4, 1e-15));
    // Same seed and stream: the same run, in any evaluation order.
    for (double t : {5.5e-6, 1.2e-6, 900e-6}) CHECK(a->value(t) == b->value(t));
    // Another seed or another source: another sequence.
    auto otherSeed = make(WaveformKind::Trnoise, {1e-3, 1e-6}, {8, random.stream, 0.25});
    auto otherSource = make(WaveformKind::Trnoise, {1e-3, 1e-6}, {7, CounterRandom::streamOf("v2"), 0.25});
    CHECK(otherSeed->value(3e-6) != s3);
    CHECK(otherSource->value(3e-6) != s3);
    // The samples are Gaussian of rms NA around DC: over 20,000 samples the mean is within
    // 4 sigma/sqrt(n) and the rms within 3 %.
    double sum = 0.0, squares = 0.0;
    const int n = 20000;
    for (int k = 1; k <= n; ++k) {
        const double x = a->value(k * 1e-6) - 0.25;
        sum += x;
        squares += x * x;
    }
    CHECK(std::abs(sum / n) < 4e-3 / std::sqrt(n));
    CHECK_THAT(std::sqrt(squares / n), WithinRel(1e-3, 0.03));
    std::vector<double> corners;
    a->breakpoints(2.5e-6, 5e-6, corners);
    REQUIRE(corners.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) CHECK_THAT(corners[i], WithinRel(3e-6 + 1e-6 * static_cast<double>(i), 1e-12));
}

TEST_CASE("TRRANDOM holds DC + PARAM2 until TD, then a new draw every TS", "[waveform][noise]") {
    RandomSourceOptions random{5, CounterRandom::streamOf("v2"), 0.5};
    // Uniform in [-1, 1] + 0.25 + DC 0.5 (ngspice 39: 0.75 until 3 us, then one value per 2 us).
    auto uniform = make(WaveformKind::Trrandom, {1, 2e-6, 3e-6, 1, 0.25}, random);
    CHECK(uniform->value(0.0) == 0.75);
    CHECK(uniform->value(3e-6) == 0.75);
    const double first = uniform->value(3.1e-6);
    CHECK(uniform->value(5e-6) == first);  // held through (TD, TD + TS]
    CHECK(uniform->value(5.1e-6) != first);
    double low = 1e9, high = -1e9, sum = 0.0;
    const int n = 20000;
    for (int k = 0; k < n; ++k) {
        const double v = uniform->value(3e-6 + (k + 0.5) * 2e-6) - 0.75;
        low = std::min(low, v);
        high = std::max(high, v);
        sum += v;
    }
    CHECK(low >= -1.0);
    CHECK(high <= 1.0);
    CHECK(high - low > 1.99);
    CHECK(std::abs(sum / n) < 4.0 / std::sqrt(3.0 * n));
    std::vector<double> corners;
    uniform->breakpoints(0.0, 8e-6, corners);
    REQUIRE(corners.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) CHECK_THAT(corners[i], WithinRel(3e-6 + 2e-6 * static_cast<double>(i), 1e-12));
    CHECK(uniform->value(corners[1]) == first);  // a step lands on the corner with the held value

    // Exponential of mean 2 and Poisson of mean 3 (+ offset 1): sample means over 20,000 draws.
    auto exponential = make(WaveformKind::Trrandom, {3, 1e-6, 0, 2, 1}, {5, 1, 0.0});
    auto poisson = make(WaveformKind::Trrandom, {4, 1e-6, 0, 3, 1}, {5, 1, 0.0});
    double expSum = 0.0, poissonSum = 0.0;
    bool whole = true;
    for (int k = 0; k < n; ++k) {
        expSum += exponential->value((k + 0.5) * 1e-6) - 1.0;
        const double p = poisson->value((k + 0.5) * 1e-6) - 1.0;
        whole = whole && p >= 0.0 && p == std::floor(p);
        poissonSum += p;
    }
    CHECK(std::abs(expSum / n - 2.0) < 4 * 2.0 / std::sqrt(n));
    CHECK(std::abs(poissonSum / n - 3.0) < 4 * std::sqrt(3.0 / n));
    CHECK(whole);
    CHECK_FALSE(makeWaveform(WaveformKind::Trrandom, {5, 1e-6}, kTran).ok());
    CHECK_FALSE(makeWaveform(WaveformKind::Trrandom, {3, 1e-6, 0, 0}, kTran).ok());
}
