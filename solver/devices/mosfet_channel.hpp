#pragma once
#include "solver/devices/mosfet_model.hpp"

namespace cablespice::solver {

// The channel current in the n-channel sense with the side acting as source first (so that
// vds >= 0), from drain to source, its derivatives gm = d/dvgs, gds = d/dvds, gmbs = d/dvbs, and
// the threshold von and saturation voltage vdsat it found (Meyer's capacitances and the FET
// limiting use them).
struct ChannelCurrent {
    double current = 0.0, gm = 0.0, gds = 0.0, gmbs = 0.0;
    double von = 0.0, vdsat = 0.0;
};

// The channel of the constants' level.
ChannelCurrent mosfetChannel(const MosfetConstants& k, double vgs, double vds, double vbs);

} // namespace cablespice::solver
