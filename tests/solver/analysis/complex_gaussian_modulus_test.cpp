// The distribution of |Z| for a complex normal Z (the imbalance budget's CMRR model) against
// closed forms: Rayleigh (isotropic, zero mean), a folded normal (all spread on one axis), the
// same with a sliver of spread on the other axis, invariance under a rotation of the plane, and
// the Rice distribution's mean square E|Z|^2 = |mean|^2 + trace (from the CDF by integration).
#include "solver/analysis/complex_gaussian_modulus.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <complex>
#include <numbers>

using cablespice::solver::ComplexGaussianModulus;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

double normalCdf(double z) { return 0.5 * std::erfc(-z / std::numbers::sqrt2); }

} // namespace

TEST_CASE("Zero mean, isotropic: Rayleigh, cdf 1 - exp(-r^2 / 2 s^2), median s sqrt(2 ln 2)", "[budget][statistics]") {
    const double s = 3e-3;
    const ComplexGaussianModulus modulus({0.0, 0.0}, s * s, s * s, 0.0);
    for (double r : {0.1 * s, 0.5 * s, s, 2.0 * s, 4.0 * s})
        CHECK_THAT(modulus.cdf(r), WithinAbs(1.0 - std::exp(-r * r / (2.0 * s * s)), 1e-9));
    CHECK_THAT(modulus.quantile(0.5), WithinRel(s * std::sqrt(2.0 * std::log(2.0)), 1e-8));
    CHECK_THAT(modulus.quantile(0.99), WithinRel(s * std::sqrt(-2.0 * std::log(0.01)), 1e-8));
}

TEST_CASE("All spread on one axis: |m + s w| is a folded normal, cdf Phi((r - m)/s) - Phi((-r - m)/s)",
          "[budget][statistics]") {
    const double s = 2.0, m = 1.5;
    const ComplexGaussianModulus line({m, 0.0}, s * s, 0.0, 0.0);
    // A sliver of spread across the line (1e-5 of s) must give the same, by the integral.
    const ComplexGaussianModulus sliver({m, 0.0}, s * s, 1e-10 * s * s, 0.0);
    for (double r : {0.2, 1.0, 2.5, 5.0}) {
        const double expected = normalCdf((r - m) / s) - normalCdf((-r - m) / s);
        CHECK_THAT(line.cdf(r), WithinAbs(expected, 1e-12));
        CHECK_THAT(sliver.cdf(r), WithinAbs(expected, 1e-5));
    }
    // Zero mean: the median of |N(0, s^2)| is 0.67449 s.
    CHECK_THAT(ComplexGaussianModulus({0.0, 0.0}, s * s, 0.0, 0.0).quantile(0.5), WithinRel(0.6744897502 * s, 1e-8));
}

TEST_CASE("|Z| does not change when the plane is rotated", "[budget][statistics]") {
    // Covariance diag(a, b) with mean m, and the same rotated by 40 degrees.
    const double a = 4.0, b = 0.5, angle = 40.0 * std::numbers::pi / 180.0;
    const std::complex<double> mean(1.0, -0.7);
    const double c = std::cos(angle), s = std::sin(angle);
    const ComplexGaussianModulus plain(mean, a, b, 0.0);
    const ComplexGaussianModulus rotated(mean * std::polar(1.0, angle), a * c * c + b * s * s, a * s * s + b * c * c,
                                         (a - b) * c * s);
    for (double r : {0.3, 1.0, 2.0, 4.0}) CHECK_THAT(rotated.cdf(r), WithinAbs(plain.cdf(r), 1e-9));
}

TEST_CASE("Rice: E|Z|^2 = |mean|^2 + varRe + varIm, integrated from the CDF", "[budget][statistics]") {
    const std::complex<double> mean(0.8, 0.6);
    const double varRe = 0.3, varIm = 0.1, cov = 0.05;
    const ComplexGaussianModulus modulus(mean, varRe, varIm, cov);
    // E|Z|^2 = integral of 2 r (1 - F(r)) dr, by Simpson on [0, 10].
    const int n = 1000;
    const double h = 10.0 / n;
    double sum = 0.0;
    for (int k = 0; k <= n; ++k) {
        const double r = k * h;
        const double weight = (k == 0 || k == n) ? 1.0 : (k % 2 ? 4.0 : 2.0);
        sum += weight * 2.0 * r * (1.0 - modulus.cdf(r));
    }
    CHECK_THAT(sum * h / 3.0, WithinRel(std::norm(mean) + varRe + varIm, 1e-7));
}
