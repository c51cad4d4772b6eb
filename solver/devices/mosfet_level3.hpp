#pragma once
#include "solver/devices/mosfet_channel.hpp"

namespace cablespice::solver {

// Level 3, SPICE3's semi-empirical short-channel model as ngspice's MOS3load evaluates it: the
// threshold with the short-channel (XJ) and narrow-width (DELTA) corrections and the static
// feedback ETA, mobility reduced by THETA, velocity saturation (VMAX), channel shortening in
// saturation (KAPPA) with punch-through, and weak inversion below von with NFS. Its derivatives
// are exact (forward-mode differentiation); ngspice's hand-written ones approximate a few terms.
ChannelCurrent level3Channel(const MosfetConstants& k, double vgs, double vds, double vbs);

} // namespace cablespice::solver
