#include "solver/sources/flicker_sequence.hpp"

#include <bit>
#include <complex>
#include <unsupported/Eigen/FFT>

namespace cablespice::solver {

FlickerSequence::FlickerSequence(double alpha, double amplitude, CounterRandom random, std::size_t length)
    : alpha_(alpha), amplitude_(amplitude), random_(random) {
    if (length > 0) convolve(length);
}

double FlickerSequence::direct(std::uint64_t n) const {
    double h = 1.0, sum = 0.0;
    for (std::uint64_t k = 0; k <= n; ++k) {
        if (k > 0) h *= (0.5 * alpha_ + static_cast<double>(k - 1)) / static_cast<double>(k);
        sum += h * drive(n - k);
    }
    return sum;
}

// A circular convolution of length m >= 2 length - 1 equals the linear one on the first
// `length` outputs (no wrap-around reaches them).
void FlickerSequence::convolve(std::size_t length) {
    const std::size_t m = std::bit_ceil(2 * length - 1);
    Eigen::FFT<double> fft;
    fft.SetFlag(Eigen::FFT<double>::HalfSpectrum);
    std::vector<double> buffer(m, 0.0);
    std::vector<std::complex<double>> filter(m / 2 + 1), white(m / 2 + 1);

    buffer[0] = 1.0;
    for (std::size_t k = 1; k < length; ++k)
        buffer[k] = buffer[k - 1] * (0.5 * alpha_ + static_cast<double>(k - 1)) / static_cast<double>(k);
    fft.fwd(filter.data(), buffer.data(), static_cast<Eigen::Index>(m));

    for (std::size_t k = 0; k < length; ++k) buffer[k] = drive(k);
    fft.fwd(white.data(), buffer.data(), static_cast<Eigen::Index>(m));

    for (std::size_t i = 0; i < filter.size(); ++i) filter[i] *= white[i];
    fft.inv(buffer.data(), filter.data(), static_cast<Eigen::Index>(m));  // scaled by 1/m
    buffer.resize(length);
    buffer.shrink_to_fit();
    samples_ = std::move(buffer);
}

} // namespace cablespice::solver
