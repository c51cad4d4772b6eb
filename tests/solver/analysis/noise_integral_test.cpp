// The band integral of a sampled noise spectrum (what .meas noise INTEG and --noise-report use)
// against closed forms of power-law densities, and its cuts at band edges inside an interval.
#include "solver/analysis/noise_integral.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

using namespace cablespice::solver;
using Catch::Matchers::WithinRel;

namespace {

// Densities [per sqrt(Hz)] of S(f) = s0 (f/f0)^a on a coarse grid (3 points per decade).
struct Spectrum {
    std::vector<double> f, density;
};

Spectrum powerLaw(double exponent) {
    Spectrum s;
    for (int k = 0; k <= 12; ++k) {
        s.f.push_back(10.0 * std::pow(10.0, k / 3.0));
        s.density.push_back(std::sqrt(1e-16 * std::pow(s.f.back() / 10.0, exponent)));
    }
    return s;
}

// The integral of 1e-16 (f/10)^a over [lo, hi].
double exactPower(double exponent, double lo, double hi) {
    if (exponent == -1.0) return 1e-16 * 10.0 * std::log(hi / lo);
    return 1e-16 * 10.0 * (std::pow(hi / 10.0, exponent + 1) - std::pow(lo / 10.0, exponent + 1)) / (exponent + 1);
}

} // namespace

TEST_CASE("bandNoisePower integrates white, 1/f and 1/f^2 densities exactly, band edges anywhere", "[noise][audio]") {
    for (double exponent : {0.0, -1.0, -2.0, 1.0}) {
        INFO("exponent " << exponent);
        const auto s = powerLaw(exponent);
        // Edges inside intervals, on grid points, and beyond the grid (clipped to 10 Hz..100 kHz).
        CHECK_THAT(bandNoisePower(s.f, s.density, 20.0, 20e3), WithinRel(exactPower(exponent, 20.0, 20e3), 1e-12));
        CHECK_THAT(bandNoisePower(s.f, s.density, 100.0, 1e4), WithinRel(exactPower(exponent, 100.0, 1e4), 1e-12));
        CHECK_THAT(bandNoisePower(s.f, s.density, 1.0, 1e6), WithinRel(exactPower(exponent, 10.0, 1e5), 1e-12));
        CHECK_THAT(bandNoisePower(s.f, s.density, 25.0, 30.0), WithinRel(exactPower(exponent, 25.0, 30.0), 1e-12));
    }
}

TEST_CASE("bandNoisePower is additive over adjacent bands and zero for an empty one", "[noise][audio]") {
    // A spectrum no power law fits across intervals (a pole at 1 kHz): each interval is its own
    // power law, so a cut inside an interval must give two pieces that sum to the whole.
    std::vector<double> f, density;
    for (int k = 0; k <= 12; ++k) {
        f.push_back(10.0 * std::pow(10.0, k / 3.0));
        density.push_back(1e-8 / std::sqrt(1.0 + std::pow(f.back() / 1e3, 2)));
    }
    const double whole = bandNoisePower(f, density, 20.0, 20e3);
    const double cut = bandNoisePower(f, density, 20.0, 1234.5) + bandNoisePower(f, density, 1234.5, 20e3);
    CHECK_THAT(cut, WithinRel(whole, 1e-13));
    CHECK(bandNoisePower(f, density, 500.0, 500.0) == 0.0);
    CHECK(bandNoisePower(f, density, 2e5, 3e5) == 0.0);
    // A-weighting lowers a spectrum concentrated below 1 kHz.
    CHECK(bandNoisePower(f, density, 20.0, 20e3, NoiseWeighting::A) < whole);
}
