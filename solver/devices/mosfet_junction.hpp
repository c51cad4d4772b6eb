#pragma once
#include "solver/devices/mosfet_model.hpp"

namespace cablespice::solver {

// A bulk junction's depletion charge and capacitance at v (bottom + sidewall, SPICE's
// extrapolation above FC*PB).
struct DepletionCharge {
    double charge = 0.0, capacitance = 0.0;
};
DepletionCharge bulkDepletionCharge(const MosfetConstants& k, const BulkJunction& junction, double v);

// A bulk junction's current from bulk to drain or source at v (gmin across it included) and its
// conductance, as SPICE3's MOSFETs evaluate it: the exponential above -3 vt, -IS below.
struct JunctionCurrent {
    double current = 0.0, conductance = 0.0;
};
JunctionCurrent bulkJunctionCurrent(double v, double saturationCurrent, double vt, double gmin);

} // namespace cablespice::solver
