#include "solver/analysis/complex_gaussian_modulus.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace cablespice::solver {

namespace {

double normalCdf(double z) { return 0.5 * std::erfc(-z / std::numbers::sqrt2); }
double normalPdf(double z) { return std::exp(-0.5 * z * z) / std::sqrt(2.0 * std::numbers::pi); }

// Beyond 9 standard deviations the normal's mass (2e-19) is below anything reported.
constexpr double kTail = 9.0;
constexpr int kIntervals = 4000;  // Simpson intervals (even)

} // namespace

ComplexGaussianModulus::ComplexGaussianModulus(std::complex<double> mean, double varRe, double varIm, double cov) {
    // Eigen-decomposition of the 2x2 covariance: the ellipse's axes.
    const double half = 0.5 * (varRe + varIm);
    const double spread = std::hypot(0.5 * (varRe - varIm), cov);
    const double major = half + spread, minor = std::max(0.0, half - spread);
    const double angle = 0.5 * std::atan2(2.0 * cov, varRe - varIm);
    const std::complex<double> axis = std::polar(1.0, angle);
    mean1_ = mean.real() * axis.real() + mean.imag() * axis.imag();
    mean2_ = -mean.real() * axis.imag() + mean.imag() * axis.real();
    sd1_ = std::sqrt(std::max(0.0, major));
    sd2_ = std::sqrt(minor);
}

// P(|Z| <= r) = P((m1 + s1 w1)^2 + (m2 + s2 w2)^2 <= r^2), w1, w2 standard normal. With
// m1 + s1 w1 = r sin(t), the inner condition is |m2 + s2 w2| <= r cos(t), so
// cdf = integral over t of phi(w1(t)) dw1/dt [Phi((r cos t - m2)/s2) - Phi((-r cos t - m2)/s2)],
// t limited to where |w1| <= kTail.
double ComplexGaussianModulus::cdf(double r) const {
    if (r <= 0.0) return 0.0;
    if (sd1_ == 0.0) return std::hypot(mean1_, mean2_) <= r ? 1.0 : 0.0;
    if (sd2_ <= 1e-12 * sd1_) {  // a line: |Z| <= r where |m1 + s1 w1| <= sqrt(r^2 - m2^2)
        if (std::abs(mean2_) >= r) return 0.0;
        const double reach = std::sqrt(r * r - mean2_ * mean2_);
        return normalCdf((reach - mean1_) / sd1_) - normalCdf((-reach - mean1_) / sd1_);
    }
    const double low = std::asin(std::clamp((mean1_ - kTail * sd1_) / r, -1.0, 1.0));
    const double high = std::asin(std::clamp((mean1_ + kTail * sd1_) / r, -1.0, 1.0));
    if (high <= low) return 0.0;
    auto integrand = [&](double t) {
        const double w1 = (r * std::sin(t) - mean1_) / sd1_;
        const double chord = r * std::cos(t);
        const double inner = normalCdf((chord - mean2_) / sd2_) - normalCdf((-chord - mean2_) / sd2_);
        return normalPdf(w1) * chord / sd1_ * inner;
    };
    const double h = (high - low) / kIntervals;
    double sum = integrand(low) + integrand(high);
    for (int k = 1; k < kIntervals; ++k) sum += (k % 2 ? 4.0 : 2.0) * integrand(low + k * h);
    return std::clamp(sum * h / 3.0, 0.0, 1.0);
}

double ComplexGaussianModulus::quantile(double p) const {
    double low = 0.0;
    double high = std::hypot(mean1_, mean2_) + kTail * (sd1_ + sd2_);
    if (high == 0.0) return 0.0;
    for (int k = 0; k < 200 && high - low > 1e-13 * high; ++k) {
        const double middle = 0.5 * (low + high);
        (cdf(middle) < p ? low : high) = middle;
    }
    return 0.5 * (low + high);
}

} // namespace cablespice::solver
