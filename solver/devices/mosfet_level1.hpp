#pragma once
#include "solver/devices/mosfet_channel.hpp"

namespace cablespice::solver {

// Level 1: Shichman-Hodges with body effect and CLM (ngspice's MOS1load).
ChannelCurrent level1Channel(const MosfetConstants& k, double vgs, double vds, double vbs);

} // namespace cablespice::solver
