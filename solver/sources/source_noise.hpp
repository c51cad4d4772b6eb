#pragma once

namespace cablespice::solver {

// Noise of an independent source (an op-amp's en or in): a white density with a 1/f corner,
// S(f) = white^2 (1 + corner/f) [V^2/Hz or A^2/Hz]. It adds nothing to DC, AC or transient.
struct SourceNoise {
    double white = 0.0;   // V/sqrt(Hz) or A/sqrt(Hz); 0 = noiseless
    double corner = 0.0;  // Hz; 0 = white only

    bool any() const { return white != 0.0; }
    double power(double frequency) const { return white * white * (1.0 + corner / frequency); }
};

} // namespace cablespice::solver
