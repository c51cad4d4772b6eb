#pragma once
#include <complex>

namespace cablespice::solver {

// |Z| for a complex normal Z = mean + (X, Y) with (X, Y) jointly normal, zero mean, covariance
// [[varRe, cov], [cov, varIm]] (any, degenerate included): a Rice distribution when the
// covariance is isotropic, a Rayleigh one when also mean = 0. The CDF is a one-dimensional
// integral over the major axis of the error ellipse (the minor axis done by the normal CDF),
// evaluated by composite Simpson on a smooth integrand; quantiles by bisection on it. No
// sampling: the numbers are those of the Gaussian model to about 1e-9.
class ComplexGaussianModulus {
public:
    ComplexGaussianModulus(std::complex<double> mean, double varRe, double varIm, double cov);

    double cdf(double r) const;
    // The r with cdf(r) = p, 0 < p < 1.
    double quantile(double p) const;

private:
    double mean1_ = 0.0, mean2_ = 0.0;  // the mean along the major and minor axes
    double sd1_ = 0.0, sd2_ = 0.0;      // the standard deviations along them (sd1 >= sd2)
};

} // namespace cablespice::solver
