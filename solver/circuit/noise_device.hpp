#pragma once
#include "solver/circuit/unknown.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstddef>
#include <span>

namespace cablespice::solver {

// Boltzmann's constant [J/K] and the elementary charge [C] (SI 2019, exact), 0 degC in kelvin.
inline constexpr double kBoltzmann = 1.380649e-23;
inline constexpr double kElementaryCharge = 1.602176634e-19;
inline constexpr double kZeroCelsiusInKelvin = 273.15;

// Where a device's noise is evaluated: one frequency's adjoint solution and the operating point
// the circuit is linearised at (what a semiconductor's shot and flicker noise depend on).
struct NoiseEvaluation {
    double frequency = 0.0;                         // [Hz]
    std::span<const std::complex<double>> adjoint;  // n + 1 entries, index 0 (ground) is 0
    std::span<const double> operatingPoint;         // x at the operating point, n + 1 (empty: linear circuit)
    double gmin = 1e-12;                            // the junction gmin the operating point was solved with
};

// Devices that make noise (ARCHITECTURE B10). The noise analysis solves the adjoint system
// A^T y = e_out once per frequency; a current injected into node a and taken out of node b then
// reaches the output as y[a] - y[b]. Each device turns y into its own output noise power: a sum
// of S_k |y[a_k] - y[b_k]|^2 over uncorrelated sources, or t^H S t for a multiport whose noise
// currents are correlated (Twiss: S = 4kT Re Y). One solve serves every source.
// A device may report several mechanisms (a diode's RS, shot and flicker noise): each is
// integrated over frequency on its own, as ngspice does, since their sum is no power law.
class NoiseDevice {
public:
    virtual ~NoiseDevice() = default;
    // False when the device was declared noiseless (ngspice's noisy=0).
    virtual bool makesNoise() const { return true; }
    virtual std::size_t noiseMechanismCount() const { return 1; }
    // Each mechanism's output noise power density [V^2/Hz for a voltage output] into `densities`
    // (noiseMechanismCount() entries).
    virtual void outputNoiseDensities(const NoiseEvaluation& at, std::span<double> densities) const = 0;
};

// A device whose noise is one mechanism independent of the operating point (resistors, lines,
// sources' en/in).
class LinearNoiseDevice : public NoiseDevice {
public:
    virtual double outputNoiseDensity(double frequency, std::span<const std::complex<double>> adjoint) const = 0;
    void outputNoiseDensities(const NoiseEvaluation& at, std::span<double> densities) const final {
        densities[0] = outputNoiseDensity(at.frequency, at.adjoint);
    }
};

// |y[a] - y[b]|^2: how a noise current between nodes a and b reaches the output, in power.
inline double currentNoiseTransfer(std::span<const std::complex<double>> adjoint, Unknown a, Unknown b) {
    return std::norm(adjoint[static_cast<std::size_t>(a)] - adjoint[static_cast<std::size_t>(b)]);
}

// Johnson-Nyquist noise of a conductance: 4kT/R [A^2/Hz].
inline double thermalNoiseCurrentDensity(double kelvin, double ohms) { return 4.0 * kBoltzmann * kelvin / ohms; }

// The same from a conductance [S] (0: no resistor, no noise).
inline double conductanceNoiseCurrentDensity(double kelvin, double siemens) {
    return 4.0 * kBoltzmann * kelvin * siemens;
}

// Shot noise of a DC current through a junction: 2q|I| [A^2/Hz].
inline double shotNoiseCurrentDensity(double amperes) { return 2.0 * kElementaryCharge * std::abs(amperes); }

// SPICE's flicker noise: KF |I|^AF / f [A^2/Hz] (|I| floored at ngspice's N_MINLOG, 1e-38, so a
// zero current with AF < 1 stays finite).
inline double flickerNoiseCurrentDensity(double kf, double af, double amperes, double frequency) {
    if (kf == 0.0) return 0.0;
    return kf * std::exp(af * std::log(std::max(std::abs(amperes), 1e-38))) / frequency;
}

} // namespace cablespice::solver
