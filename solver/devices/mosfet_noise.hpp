#pragma once
#include "solver/devices/mosfet_model.hpp"

namespace cablespice::solver {

// What a MOSFET's .noise needs beside its DC constants (ngspice 39's MOS1noise, MOS2noise and
// MOS3noise): its temperature for the thermal noise of RD, RS and the channel, SPICE's
// flicker-noise KF and AF, and the channel area the flicker noise is divided by.
struct MosfetNoise {
    double kelvin = 27.0 + 273.15;  // the device's own temperature
    double kf = 0.0;                // flicker-noise coefficient
    double af = 1.0;                // flicker-noise exponent
    double flickerArea = 1.0;       // [m²] (mosfetFlickerArea)
};

// ngspice 39's flicker-noise area: levels 1 and 2 take W m (L - 2 LD), level 3 (W - 2 WD)(L - 2 LD)
// (no m, no XL or XW; its drain current carries m either way).
double mosfetFlickerArea(const MosfetModelParameters& model, const MosfetGeometry& geometry);

// The channel's thermal noise 4kT (2/3)|gm| [A^2/Hz] (ngspice 39's levels 1-3 have no NLEV).
double mosfetChannelNoiseCurrentDensity(const MosfetNoise& noise, double gm);

// The flicker noise KF |Id|^AF / (f area COX^2) [A^2/Hz] of the drain current Id (channel minus
// bulk-drain junction, as ngspice's cd). Without an oxide capacitance (level 1 without TOX)
// ngspice assumes TOX = 1e-7 m.
double mosfetFlickerNoiseCurrentDensity(const MosfetConstants& k, const MosfetNoise& noise, double drainCurrent,
                                        double frequency);

} // namespace cablespice::solver
