#pragma once
#include "solver/devices/mosfet_model.hpp"

namespace cablespice::solver {

// The channel current in the normalised frame (polarity applied, source and drain swapped so
// that vds >= 0) and its derivatives: Shichman-Hodges with body effect and CLM.
struct ChannelCurrent {
    double current = 0.0, gm = 0.0, gds = 0.0, gmbs = 0.0;
    double von = 0.0, vdsat = 0.0;
};
ChannelCurrent level1Channel(const MosfetConstants& k, double vgs, double vds, double vbs);

} // namespace cablespice::solver
