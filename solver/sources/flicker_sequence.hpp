#pragma once
#include "solver/sources/counter_random.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace cablespice::solver {

// 1/f^alpha noise by Kasdin's method (N. J. Kasdin, "Discrete simulation of colored noise and
// stochastic processes and 1/f^alpha power law noise generation", Proc. IEEE 83(5), 1995):
// white Gaussian samples w_k of rms `amplitude` through the fractional integrator
// (1 - z^-1)^(-alpha/2), whose impulse response is h_0 = 1, h_k = h_{k-1} (alpha/2 + k - 1) / k:
//   x_n = sum_{k=0..n} h_k w_{n-k}.
// The two-sided spectrum of x is amplitude^2 / |2 sin(pi f)|^alpha (f in cycles per sample),
// so ~ f^-alpha well below the sample rate. The first `length` values are computed at
// construction by one FFT convolution (no work per time step); later ones by the defining sum.
// Every value is a pure function of the generator and n, so the same on any thread.
class FlickerSequence {
public:
    FlickerSequence(double alpha, double amplitude, CounterRandom random, std::size_t length);

    double at(std::uint64_t n) const { return n < samples_.size() ? samples_[n] : direct(n); }
    // The defining sum: O(n), for n past the precomputed block (and to check the block).
    double direct(std::uint64_t n) const;
    std::size_t length() const { return samples_.size(); }

private:
    double drive(std::uint64_t k) const { return amplitude_ * random_.normal(k); }
    void convolve(std::size_t length);

    double alpha_;
    double amplitude_;
    CounterRandom random_;
    std::vector<double> samples_;
};

} // namespace cablespice::solver
