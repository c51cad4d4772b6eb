#include "solver/devices/mosfet_channel.hpp"

#include "solver/devices/mosfet_level1.hpp"
#include "solver/devices/mosfet_level2.hpp"
#include "solver/devices/mosfet_level3.hpp"

namespace cablespice::solver {

ChannelCurrent mosfetChannel(const MosfetConstants& k, double vgs, double vds, double vbs) {
    if (k.level == 2) return level2Channel(k, vgs, vds, vbs);
    return k.level == 3 ? level3Channel(k, vgs, vds, vbs) : level1Channel(k, vgs, vds, vbs);
}

} // namespace cablespice::solver
