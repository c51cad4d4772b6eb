#include "solver/devices/mosfet_level1.hpp"

#include <algorithm>
#include <cmath>

namespace cablespice::solver {

ChannelCurrent level1Channel(const MosfetConstants& k, double vgs, double vds, double vbs) {
    ChannelCurrent c;
    double sarg;
    if (vbs <= 0.0) {
        sarg = std::sqrt(k.phi - vbs);
    } else {  // forward body bias: the square root's tangent, floored at 0 (SPICE)
        sarg = std::sqrt(k.phi);
        sarg = std::max(0.0, sarg - vbs / (sarg + sarg));
    }
    c.von = k.vbi * k.polarity + k.gamma * sarg;
    const double vgst = vgs - c.von;
    c.vdsat = std::max(vgst, 0.0);
    // d von / d(-vbs): exact in each branch (ngspice's MOS1load uses GAMMA / (2 sarg) also with
    // forward body bias, where sarg is the tangent; the solution does not depend on it).
    const double arg = sarg <= 0.0 ? 0.0 : k.gamma / (2.0 * (vbs <= 0.0 ? sarg : std::sqrt(k.phi)));
    if (vgst <= 0.0) return c;  // cutoff
    const double betap = k.beta * (1.0 + k.lambda * vds);
    if (vgst <= vds) {  // saturation
        c.current = betap * vgst * vgst * 0.5;
        c.gm = betap * vgst;
        c.gds = k.lambda * k.beta * vgst * vgst * 0.5;
    } else {  // linear
        c.current = betap * vds * (vgst - 0.5 * vds);
        c.gm = betap * vds;
        c.gds = betap * (vgst - vds) + k.lambda * k.beta * vds * (vgst - 0.5 * vds);
    }
    c.gmbs = c.gm * arg;
    return c;
}

} // namespace cablespice::solver
