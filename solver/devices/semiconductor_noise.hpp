#pragma once

namespace cablespice::solver {

// What a diode's or transistor's .noise needs beside its DC constants: its temperature for the
// thermal noise of its ohmic resistances, SPICE's flicker-noise KF and AF, and m= (ngspice takes
// the flicker noise of m parallel devices as m times one device's at its share of the current).
struct SemiconductorNoise {
    double kelvin = 27.0 + 273.15;  // the device's own temperature
    double kf = 0.0;                // flicker-noise coefficient
    double af = 1.0;                // flicker-noise exponent
    double multiplier = 1.0;        // m=
};

} // namespace cablespice::solver
