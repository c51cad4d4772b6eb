#pragma once
#include "solver/circuit/unknown.hpp"

#include <complex>
#include <cstddef>
#include <span>

namespace cablespice::solver {

// Boltzmann's constant [J/K] (SI 2019, exact) and 0 degC in kelvin.
inline constexpr double kBoltzmann = 1.380649e-23;
inline constexpr double kZeroCelsiusInKelvin = 273.15;

// Devices that make noise (ARCHITECTURE B10). The noise analysis solves the adjoint system
// A^T y = e_out once per frequency; a current injected into node a and taken out of node b then
// reaches the output as y[a] - y[b]. Each device turns y into its own output noise power: a sum
// of S_k |y[a_k] - y[b_k]|^2 over uncorrelated sources, or t^H S t for a multiport whose noise
// currents are correlated (Twiss: S = 4kT Re Y). One solve serves every source.
class NoiseDevice {
public:
    virtual ~NoiseDevice() = default;
    // False when the device was declared noiseless (ngspice's noisy=0).
    virtual bool makesNoise() const { return true; }
    // Output noise power density [V^2/Hz for a voltage output] at `frequency` [Hz]; `adjoint` has
    // n + 1 entries, index 0 (ground) is 0.
    virtual double outputNoiseDensity(double frequency, std::span<const std::complex<double>> adjoint) const = 0;
};

// |y[a] - y[b]|^2: how a noise current between nodes a and b reaches the output, in power.
inline double currentNoiseTransfer(std::span<const std::complex<double>> adjoint, Unknown a, Unknown b) {
    return std::norm(adjoint[static_cast<std::size_t>(a)] - adjoint[static_cast<std::size_t>(b)]);
}

// Johnson-Nyquist noise of a conductance: 4kT/R [A^2/Hz].
inline double thermalNoiseCurrentDensity(double kelvin, double ohms) { return 4.0 * kBoltzmann * kelvin / ohms; }

} // namespace cablespice::solver
