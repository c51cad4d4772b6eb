#include "solver/devices/mosfet_level3.hpp"

#include "solver/devices/bias_dual.hpp"

namespace cablespice::solver {

namespace {

using Dual = BiasDual;

constexpr double kCharge = 1.6021766208e-19;
// The depletion-width fit of the short-channel correction (SPICE3's three coefficients).
constexpr double kWidthFit0 = 0.0631353, kWidthFit1 = 0.8013292, kWidthFit2 = -0.01110777;

// The surface potential under the body bias and its square root: PHI - vbs in reverse, with
// forward bias a rational approach that stays positive.
struct SurfacePotential {
    Dual phibs, root;
};
SurfacePotential surfacePotential(const MosfetConstants& k, const Dual& vbs) {
    if (vbs <= 0.0) {
        const Dual phibs = Dual(k.phi) - vbs;
        return {phibs, sqrt(phibs)};
    }
    const Dual root = Dual(std::sqrt(k.phi)) / (Dual(1.0) + vbs / (2.0 * k.phi));
    return {root * root, root};
}

// The share of the bulk charge the gate controls in a short channel (1: none), from the
// junction depth XJ and the depletion width (NSUB).
Dual shortChannelFactor(const MosfetConstants& k, const Dual& root) {
    if (k.xj == 0.0 || k.depletionWidthCoefficient == 0.0) return Dual(1.0);
    const Dual width = Dual(k.depletionWidthCoefficient / k.xj) * root;  // depletion width / XJ
    const double diffusion = k.ld / k.xj;
    const Dual spread = Dual(kWidthFit0) + kWidthFit1 * width + kWidthFit2 * width * width + diffusion;
    const Dual ratio = width / (Dual(1.0) + width);
    const Dual cosine = sqrt(Dual(1.0) - ratio * ratio);
    return Dual(1.0) - (k.xj / k.effectiveLength) * (spread * cosine - diffusion);
}

// The channel-length reduction in saturation (and, without VMAX, its smooth onset below vdsat);
// 0 when ALPHA (from NSUB) or KAPPA leave none.
Dual lengthReduction(const MosfetConstants& k, const Dual& vds, const Dual& vdsat, const Dual& current,
                     const Dual& fdrain, const Dual& vdsc) {
    const double ka = k.kappa * k.alpha;
    if (ka == 0.0) return Dual(0.0);
    if (!(vds > vdsat)) {
        if (k.vmax > 0.0) return Dual(0.0);
        const Dual fraction = vds / vdsat;
        const Dual square = fraction * fraction;
        return sqrt(Dual(ka / 8.0) * vdsat) * (square * square);
    }
    if (k.vmax <= 0.0) return sqrt(Dual(ka) * (vds - vdsat + vdsat / 8.0));
    // With velocity saturation: from the field at the saturation point.
    const Dual gdsat = max(Dual(1e-12), current * (Dual(1.0) - fdrain) / vdsc);
    const Dual field = Dual(k.kappa / k.effectiveLength) * current / gdsat;
    const Dual half = 0.5 * k.alpha * field;
    return sqrt(half * half + ka * (vds - vdsat)) - half;
}

} // namespace

ChannelCurrent level3Channel(const MosfetConstants& k, double vgsValue, double vdsValue, double vbsValue) {
    const Dual vgs(vgsValue, 0), vds(vdsValue, 1), vbs(vbsValue, 2);
    const double length = k.effectiveLength, width = k.effectiveWidth;
    const SurfacePotential surface = surfacePotential(k, vbs);
    const Dual gammas = k.gamma * shortChannelFactor(k, surface.root);
    const Dual fbody = 0.25 * gammas / surface.root + k.narrowFactor / width;
    const Dual bulkCharge = gammas * surface.root + (k.narrowFactor / width) * surface.phibs;
    const Dual vth = Dual(k.vbi * k.polarity) - k.eta * vds + bulkCharge;

    ChannelCurrent c;
    Dual von = vth, slope(1.0);
    if (k.nfs != 0.0) {
        slope = Dual(1.0 + kCharge * k.nfs * 1e4 / k.oxideCapFactor) + bulkCharge / (2.0 * surface.phibs);
        von = vth + k.vt * slope;
    } else if (vgs <= von) {
        c.von = von.value;
        return c;  // cutoff
    }
    const Dual vgsx = max(vgs, von);
    const Dual fgate = Dual(1.0) / (Dual(1.0) + k.theta * (vgsx - vth));
    Dual vdsat = (vgsx - vth) / (Dual(1.0) + fbody);
    Dual vdsc(0.0);
    if (k.vmax > 0.0) {
        vdsc = Dual(length * k.vmax) / (k.surfaceMobility * 1e-4 * fgate);
        const Dual overdrive = vdsat;
        vdsat = overdrive + vdsc - sqrt(overdrive * overdrive + vdsc * vdsc);
    }
    const Dual vdsx = min(vds, vdsat);
    Dual current = k.beta * fgate * (vgsx - vth - 0.5 * (Dual(1.0) + fbody) * vdsx) * vdsx;
    Dual fdrain(1.0);
    if (k.vmax > 0.0) {
        fdrain = Dual(1.0) / (Dual(1.0) + vdsx / vdsc);
        current = current * fdrain;
    }
    Dual reduction = lengthReduction(k, vds, vdsat, current, fdrain, vdsc);
    if (reduction > 0.5 * length) reduction = Dual(length) - Dual(length * length / 4.0) / reduction;  // punch-through
    current = current / (Dual(1.0) - reduction / length);
    if (vgs < von) current = current * exp((vgs - von) / (k.vt * slope));  // weak inversion
    c.current = current.value;
    c.gm = current.d[0];
    c.gds = current.d[1];
    c.gmbs = current.d[2];
    c.von = von.value;
    c.vdsat = vdsat.value;
    return c;
}

} // namespace cablespice::solver
