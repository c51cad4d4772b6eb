#pragma once
#include <span>

namespace cablespice::solver {

// The audio engineer's figures of a noise spectrum over a band (default 20 Hz to 20 kHz).
struct AudioNoiseFigures {
    double lowHz = 0.0, highHz = 0.0;  // the band actually covered (the sweep may be narrower)
    double outputVolts = 0.0;          // integrated output noise [V rms], unweighted
    double outputAWeightedVolts = 0.0; // the same, A-weighted (IEC 61672)
    double inputVolts = 0.0;           // integrated input-referred noise (EIN) [V or A rms], unweighted
    double inputAWeightedVolts = 0.0;  // the same, A-weighted
};

// Integrates the densities [per sqrt(Hz)] of a .noise sweep (frequencies ascending) over
// [lowHz, highHz] by bandNoisePower (noise_integral.hpp, as .meas noise INTEG); A-weighted by weighting
// each end's density, which is exact to the order of the grid spacing. Band edges inside an
// interval cut it with the power law through its ends.
AudioNoiseFigures audioNoiseFigures(std::span<const double> frequencies, std::span<const double> outputDensity,
                                    std::span<const double> inputDensity, double lowHz = 20.0, double highHz = 20e3);

// dBu (0 dBu = sqrt(0.6) V, 0.7746 V rms) and dBV (0 dBV = 1 V rms).
double toDbu(double volts);
double toDbv(double volts);

} // namespace cablespice::solver
