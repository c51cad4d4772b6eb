#pragma once

namespace cablespice::solver {

// Meyer's gate capacitances (whole, not SPICE's halves) in the normalised frame, ngspice's
// DEVqmeyer with its 25 mV floor on vdsat.
struct MeyerCapacitance {
    double gs = 0.0, gd = 0.0, gb = 0.0;
};
MeyerCapacitance meyerCapacitance(double vgs, double vgd, double von, double vdsat, double phi, double oxideCap);

} // namespace cablespice::solver
