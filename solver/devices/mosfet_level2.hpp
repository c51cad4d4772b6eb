#pragma once
#include "solver/devices/mosfet_channel.hpp"

namespace cablespice::solver {

// Level 2, SPICE3's Grove-Frohman model as ngspice's MOS2load evaluates it: the bulk charge
// (3/2 power) form of the current, the threshold with the short-channel (XJ) and narrow-width
// (DELTA) corrections, mobility reduction above UCRIT with exponent UEXP, vdsat from the
// Grove-Frohman equation or, with VMAX, from Baum's scattering-limited velocity (a quartic),
// channel shortening (LAMBDA, else from the depletion width with NSUB) limited at punch-through,
// and weak inversion below von with NFS. Derivatives exact (forward-mode differentiation).
ChannelCurrent level2Channel(const MosfetConstants& k, double vgs, double vds, double vbs);

} // namespace cablespice::solver
