#include "solver/sources/flicker_sequence.hpp"
#include "solver/sources/noise_waveform.hpp"
#include "solver/sources/waveform_factory.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <complex>
#include <numbers>

// TRNOISE's 1/f (NALPHA NAMP) and random telegraph (RTSAM RTSCAPT RTSEMT) parts. Expected values
// come from the definitions: Kasdin's sum, the filter's spectrum amplitude^2 / |2 sin(pi f)|^alpha,
// and exponential dwell times of means RTSCAPT (low) and RTSEMT (high).

using namespace cablespice::solver;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

const WaveformContext kTran{1e-6, 1e-3};

std::shared_ptr<const Waveform> trnoise(std::vector<double> args, RandomSourceOptions random) {
    auto result = makeWaveform(WaveformKind::Trnoise, std::move(args), kTran, {}, random);
    INFO(result.error);
    REQUIRE(result.ok());
    return result.waveform;
}

std::string trnoiseError(std::vector<double> args, double horizon = 1e-3) {
    return makeWaveform(WaveformKind::Trnoise, std::move(args), kTran, {}, {1, 0, 0.0, horizon}).error;
}

// Welch's estimate of the two-sided spectrum (per cycle per sample) at bin `bin` of segments of
// `length` samples: periodic Hann window (it passes no DC into bins >= 2), |DFT|^2 / sum(w^2),
// averaged over the segments. Direct DFT sums, independent of the generator's FFT.
double welch(const std::vector<double>& x, std::size_t length, std::size_t bin) {
    const std::size_t segments = x.size() / length;
    double total = 0.0, windowPower = 0.0;
    for (std::size_t n = 0; n < length; ++n) {
        const double w = 0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * static_cast<double>(n) / static_cast<double>(length));
        windowPower += w * w;
    }
    for (std::size_t s = 0; s < segments; ++s) {
        std::complex<double> sum = 0.0;
        for (std::size_t n = 0; n < length; ++n) {
            const double phase = 2.0 * std::numbers::pi * static_cast<double>(n) / static_cast<double>(length);
            const double w = 0.5 - 0.5 * std::cos(phase);
            sum += w * x[s * length + n] * std::polar(1.0, -phase * static_cast<double>(bin));
        }
        total += std::norm(sum) / windowPower;
    }
    return total / static_cast<double>(segments);
}

struct SpectrumFit {
    double slope = 0.0;       // of ln S against ln f
    double meanRatio = 0.0;   // of the estimate to amplitude^2 / |2 sin(pi f)|^alpha
};

// 1/f samples of TRNOISE(0 NT alpha amplitude) at t = k NT, k < 2^17: a log-log fit over bins
// 8..512 of 4096-sample segments (f = 0.002 .. 0.125 cycles per sample, 1.8 decades).
SpectrumFit fitSpectrum(double alpha, double amplitude, std::uint64_t seed) {
    const double nt = 1e-6;
    const std::size_t n = std::size_t{1} << 17, length = 4096;
    auto source = trnoise({0.0, nt, alpha, amplitude}, {seed, 11, 0.0, static_cast<double>(n) * nt});
    std::vector<double> x(n);
    for (std::size_t k = 0; k < n; ++k) x[k] = source->value(static_cast<double>(k) * nt);
    std::vector<double> logF, logS;
    double ratio = 0.0;
    const int points = 13;
    for (int j = 0; j < points; ++j) {
        const auto bin = static_cast<std::size_t>(std::lround(8.0 * std::pow(64.0, j / double(points - 1))));
        // Three neighbouring bins per point: 3 x 32 periodograms.
        double estimate = 0.0;
        for (std::size_t b = bin; b < bin + 3; ++b) estimate += welch(x, length, b) / 3.0;
        const double f = (static_cast<double>(bin) + 1.0) / static_cast<double>(length);
        logF.push_back(std::log(f));
        logS.push_back(std::log(estimate));
        ratio += estimate / (amplitude * amplitude / std::pow(2.0 * std::sin(std::numbers::pi * f), alpha)) / points;
    }
    double meanF = 0.0, meanS = 0.0;
    for (int j = 0; j < points; ++j) meanF += logF[j] / points, meanS += logS[j] / points;
    double sxy = 0.0, sxx = 0.0;
    for (int j = 0; j < points; ++j) {
        sxy += (logF[j] - meanF) * (logS[j] - meanS);
        sxx += (logF[j] - meanF) * (logF[j] - meanF);
    }
    return {sxy / sxx, ratio};
}

} // namespace

TEST_CASE("Kasdin's 1/f block equals the defining sum x_n = sum h_k w_(n-k)", "[waveform][noise][flicker]") {
    for (double alpha : {0.5, 1.0, 2.0}) {
        FlickerSequence sequence(alpha, 1e-3, CounterRandom(3, 7), 3000);
        REQUIRE(sequence.length() == 3000);
        for (std::uint64_t n : {0, 1, 2, 17, 1000, 2999}) CHECK_THAT(sequence.at(n), WithinAbs(sequence.direct(n), 1e-15));
    }
    // alpha = 2 is the random walk: x_1 - x_0 is the drive w_1, the same as for h of length 2.
    FlickerSequence walk(2.0, 1.0, CounterRandom(3, 7), 10);
    CHECK_THAT(walk.at(1) - walk.at(0), WithinAbs(CounterRandom(3, 7).normal(1), 1e-12));
}

TEST_CASE("TRNOISE 1/f noise: the spectrum falls as f^-alpha at the filter's level", "[waveform][noise][flicker]") {
    // Each point averages 96 periodograms (chi-square of 2 degrees of freedom each, neighbouring
    // Hann bins correlated, about 48 independent): relative sd about 0.15, ln sd about 0.15. Over
    // 13 points spread over ln(64) = 4.2 the slope's sd is about 0.15 / sqrt(13 * 4.2^2 / 12) = 0.035,
    // so +-0.15 is a 4-sigma bound; the discrete spectrum 1/|2 sin(pi f)|^alpha itself bends the
    // slope by under 0.03 at f <= 0.125. The mean level ratio (13 points) has sd about 0.05 plus
    // Hann leakage under a few %: 0.8 .. 1.25.
    for (double alpha : {1.0, 1.5}) {
        INFO("alpha = " << alpha);
        const auto fit = fitSpectrum(alpha, 1e-3, 21);
        CHECK_THAT(fit.slope, WithinAbs(-alpha, 0.15));
        CHECK(fit.meanRatio > 0.8);
        CHECK(fit.meanRatio < 1.25);
    }
    const auto half = fitSpectrum(0.5, 2e-3, 22);
    CHECK_THAT(half.slope, WithinAbs(-0.5, 0.15));
    CHECK(half.meanRatio > 0.8);
    CHECK(half.meanRatio < 1.25);
}

TEST_CASE("TRNOISE 1/f noise scales with NAMP, starts at 0 and adds to the white noise", "[waveform][noise][flicker]") {
    const RandomSourceOptions random{9, CounterRandom::streamOf("vnoise"), 0.5, 1e-3};
    auto one = trnoise({0.0, 1e-6, 1.0, 1e-3}, random);
    auto three = trnoise({0.0, 1e-6, 1.0, 3e-3}, random);
    auto white = trnoise({2e-3, 1e-6}, random);
    auto both = trnoise({2e-3, 1e-6, 1.0, 1e-3}, random);
    CHECK(one->value(0.0) == 0.5);
    CHECK(both->value(0.0) == 0.5);
    double power = 0.0;
    for (int k = 1; k <= 1000; ++k) {
        const double t = k * 1e-6;
        const double flicker = one->value(t) - 0.5;
        power += flicker * flicker;
        CHECK_THAT(three->value(t) - 0.5, WithinAbs(3.0 * flicker, 1e-15));
        CHECK_THAT(both->value(t) - 0.5, WithinAbs((white->value(t) - 0.5) + flicker, 1e-15));
    }
    CHECK(power > 0.0);
    // Samples at t = k NT, linear between, past the precomputed block too (TSTOP/NT + 10 = 1010).
    auto shortRun = trnoise({0.0, 1e-6, 1.0, 1e-3}, {9, random.stream, 0.5, 1e-5});
    for (double t : {3e-6, 3.25e-6, 30e-6, 1e-3}) CHECK_THAT(shortRun->value(t), WithinAbs(one->value(t), 1e-15));
    // A new seed, a new sequence.
    auto otherSeed = trnoise({0.0, 1e-6, 1.0, 1e-3}, {10, random.stream, 0.5, 1e-3});
    CHECK(otherSeed->value(5e-6) != one->value(5e-6));
}

TEST_CASE("TRNOISE telegraph noise: levels 0 and RTSAM, mean dwell times RTSCAPT low and RTSEMT high",
          "[waveform][noise][rts]") {
    const double capture = 18e-6, emission = 30e-6, horizon = 0.5, amplitude = 5e-3;
    const RandomSourceOptions random{11, CounterRandom::streamOf("vrts"), 0.25, horizon};
    auto rts = trnoise({0, 0, 0, 0, amplitude, capture, emission}, random);
    std::vector<double> transitions;
    rts->breakpoints(0.0, horizon, transitions);
    // About 2 x 0.5 s / 48 us = 20,800 transitions.
    REQUIRE(transitions.size() > 20000);
    CHECK(rts->value(0.0) == 0.25);
    double lowSum = 0.0, highSum = 0.0, previous = 0.0;
    std::size_t lows = 0, highs = 0;
    bool twoLevels = true, landsHeld = true;
    for (std::size_t i = 0; i < transitions.size(); ++i) {
        const double t = transitions[i], level = i % 2 == 0 ? 0.25 : 0.25 + amplitude;
        twoLevels = twoLevels && rts->value(0.5 * (previous + t)) == level;
        landsHeld = landsHeld && rts->value(t) == level;  // the corner keeps the level before it
        (i % 2 == 0 ? lowSum : highSum) += t - previous;
        ++(i % 2 == 0 ? lows : highs);
        previous = t;
    }
    CHECK(twoLevels);
    CHECK(landsHeld);
    // Exponential dwell times: sd of a mean of n is mean / sqrt(n); about 10,400 of each.
    INFO(lows << " low and " << highs << " high intervals");
    CHECK(std::abs(lowSum / lows - capture) < 4.0 * capture / std::sqrt(lows));
    CHECK(std::abs(highSum / highs - emission) < 4.0 * emission / std::sqrt(highs));
    // The same for the seed, whether the transitions were stored (horizon) or walked to.
    auto again = trnoise({0, 0, 0, 0, amplitude, capture, emission}, random);
    auto walked = trnoise({0, 0, 0, 0, amplitude, capture, emission}, {11, random.stream, 0.25, 1e-4});
    std::vector<double> againTransitions, walkedTransitions;
    again->breakpoints(0.0, horizon, againTransitions);
    walked->breakpoints(0.0, horizon, walkedTransitions);
    CHECK(againTransitions == transitions);
    CHECK(walkedTransitions == transitions);
    for (double t : {1e-5, 3.3e-3, 0.2, 0.4999}) CHECK(walked->value(t) == rts->value(t));
    auto otherSeed = trnoise({0, 0, 0, 0, amplitude, capture, emission}, {12, random.stream, 0.25, horizon});
    std::vector<double> otherTransitions;
    otherSeed->breakpoints(0.0, 1e-3, otherTransitions);
    REQUIRE_FALSE(otherTransitions.empty());
    CHECK(otherTransitions.front() != transitions.front());
}

TEST_CASE("TRNOISE combines white, 1/f and telegraph noise, with breakpoints on samples and transitions", "[waveform][noise][rts]") {
    const RandomSourceOptions random{4, CounterRandom::streamOf("v1"), 0.0, 1e-3};
    auto all = trnoise({1e-3, 1e-6, 1.0, 1e-3, 2e-3, 20e-6, 10e-6}, random);
    auto sampled = trnoise({1e-3, 1e-6, 1.0, 1e-3}, random);
    auto rts = trnoise({0, 0, 0, 0, 2e-3, 20e-6, 10e-6}, random);
    for (double t : {0.0, 0.7e-6, 12.5e-6, 333.3e-6}) CHECK_THAT(all->value(t), WithinAbs(sampled->value(t) + rts->value(t), 1e-15));
    std::vector<double> corners, transitions;
    all->breakpoints(0.0, 100e-6, corners);
    rts->breakpoints(0.0, 100e-6, transitions);
    CHECK(corners.size() == 101 + transitions.size());
}

TEST_CASE("TRNOISE refuses 1/f and telegraph parameters it cannot honour, with a reason", "[waveform][noise]") {
    CHECK(trnoiseError({1, 0}) == "TRNOISE sample interval NT must be positive");
    CHECK(trnoiseError({0, 0, 1, 1e-3}) == "TRNOISE sample interval NT must be positive");
    CHECK(trnoiseError({0, -1e-6, 0, 0, 1, 1e-6, 1e-6}) == "TRNOISE sample interval NT must be positive");
    CHECK(trnoiseError({0, 1e-6, 1, -1e-3}) == "TRNOISE 1/f amplitude NAMP must not be negative");
    CHECK(trnoiseError({0, 1e-6, 0, 1e-3}) == "TRNOISE 1/f exponent NALPHA must be in (0, 2] when NAMP is given");
    CHECK(trnoiseError({0, 1e-6, 2.5, 1e-3}) == "TRNOISE 1/f exponent NALPHA must be in (0, 2] when NAMP is given");
    CHECK(trnoiseError({0, 1e-9, 1, 1e-3}, 1.0).find("at most 4194304") != std::string::npos);
    CHECK(trnoiseError({0, 0, 0, 0, -1, 1e-6, 1e-6}) == "TRNOISE telegraph amplitude RTSAM must not be negative");
    CHECK(trnoiseError({0, 0, 0, 0, 1}) == "TRNOISE telegraph noise needs positive mean times RTSCAPT and RTSEMT");
    CHECK(trnoiseError({0, 0, 0, 0, 1, 1e-6, 0}) == "TRNOISE telegraph noise needs positive mean times RTSCAPT and RTSEMT");
    CHECK(trnoiseError({0, 0, 0, 0, 1, 1e-9, 1e-9}, 1.0).find("more than 1e7") != std::string::npos);
    // Accepted: telegraph noise alone with NT = 0 (ngspice's own example form), NALPHA without NAMP.
    CHECK(trnoiseError({0, 0, 0, 0, 1, 1e-6, 1e-6}).empty());
    CHECK(trnoiseError({1e-3, 1e-6, 1, 0}).empty());
}
