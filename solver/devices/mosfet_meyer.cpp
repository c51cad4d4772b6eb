#include "solver/devices/mosfet_meyer.hpp"

#include <algorithm>

namespace cablespice::solver {

MeyerCapacitance meyerCapacitance(double vgs, double vgd, double von, double vdsat, double phi, double oxideCap) {
    constexpr double kMinimumVdsat = 0.025;  // ngspice's MAGIC_VDS
    MeyerCapacitance c;
    const double vgst = vgs - von;
    vdsat = std::max(vdsat, kMinimumVdsat);
    const double vds = vgs - vgd;
    // Below saturation the channel charge splits between source and drain (Meyer's partition).
    auto partition = [&](double full) {
        if (vds >= vdsat) return MeyerCapacitance{full, 0.0, 0.0};
        const double d = 2.0 * vdsat - vds, d1 = vdsat - vds;
        return MeyerCapacitance{full * (1.0 - d1 * d1 / (d * d)), full * (1.0 - vdsat * vdsat / (d * d)), 0.0};
    };
    if (vgst <= -phi) {
        c.gb = oxideCap / 2.0;
    } else if (vgst <= -phi / 2.0) {
        c.gb = -vgst * oxideCap / (2.0 * phi);
    } else if (vgst <= 0.0) {
        c = partition(vgst * oxideCap / (1.5 * phi) + oxideCap / 3.0);
        c.gb = -vgst * oxideCap / (2.0 * phi);
    } else {
        c = partition(oxideCap / 3.0);
    }
    c.gs *= 2.0;  // DEVqmeyer returns halves
    c.gd *= 2.0;
    c.gb *= 2.0;
    return c;
}

} // namespace cablespice::solver
