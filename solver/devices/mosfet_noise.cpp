#include "solver/devices/mosfet_noise.hpp"

#include "solver/circuit/noise_device.hpp"

#include <cmath>

namespace cablespice::solver {

namespace {

// ngspice's oxide permittivity (3.9 times its vacuum permittivity) and the TOX its MOS1noise
// assumes when the model has none.
constexpr double kOxidePermittivity = 3.9 * 8.854214871e-12;
constexpr double kAssumedOxideThickness = 1e-7;

} // namespace

double mosfetFlickerArea(const MosfetModelParameters& model, const MosfetGeometry& geometry) {
    const double length = geometry.l - 2.0 * model.ld;
    if (model.level == 3) return (geometry.w - 2.0 * model.wd) * length;
    return geometry.w * geometry.m * length;
}

double mosfetChannelNoiseCurrentDensity(const MosfetNoise& noise, double gm) {
    return conductanceNoiseCurrentDensity(noise.kelvin, 2.0 / 3.0 * std::abs(gm));
}

double mosfetFlickerNoiseCurrentDensity(const MosfetConstants& k, const MosfetNoise& noise, double drainCurrent,
                                        double frequency) {
    const double cox = k.oxideCapFactor > 0.0 ? k.oxideCapFactor : kOxidePermittivity / kAssumedOxideThickness;
    return flickerNoiseCurrentDensity(noise.kf, noise.af, drainCurrent, frequency) / (noise.flickerArea * cox * cox);
}

} // namespace cablespice::solver
