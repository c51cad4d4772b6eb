#include "solver/devices/mosfet_level2.hpp"

#include "solver/devices/bias_dual.hpp"

#include <array>
#include <numbers>

namespace cablespice::solver {

namespace {

using Dual = BiasDual;

constexpr double kCharge = 1.6021766208e-19;
constexpr double kSiliconPermittivity = 11.7 * 8.854214871e-12;

// sqrt(PHI - v) for v <= 0, else a rational approach that stays positive; and its derivative
// by v (which level 2's weak-inversion slope uses as a value).
struct Root {
    Dual value, slope;
};
Root depletionRoot(const MosfetConstants& k, const Dual& v) {
    if (v <= 0.0) {
        const Dual root = sqrt(Dual(k.phi) - v);
        return {root, Dual(-0.5) / root};
    }
    const double sphi = std::sqrt(k.phi);
    const Dual root = Dual(sphi) / (Dual(1.0) + 0.5 * v / k.phi);
    return {root, -0.5 * root * root / (k.phi * sphi)};
}

// The body-effect coefficient reduced by the source and drain depletion regions (XJ), and its
// derivative by vbs as level 2 writes it (a value in the weak-inversion slope).
struct ShortChannel {
    Dual gamma, slope;
};
ShortChannel shortChannelGamma(const MosfetConstants& k, const Root& source, const Root& drain) {
    const double xd = k.depletionWidthCoefficient;
    if (!(k.gamma > 0.0 || xd > 0.0)) return {Dual(k.gamma), Dual(0.0)};
    if (!(k.xj > 0.0)) return {Dual(k.gamma), Dual(0.0)};
    const double length = k.effectiveLength;
    const Dual args = sqrt(Dual(1.0) + (2.0 * xd / k.xj) * source.value);
    const Dual argd = sqrt(Dual(1.0) + (2.0 * xd / k.xj) * drain.value);
    const double half = 0.5 * k.xj / length;
    const Dual gamma = k.gamma * (Dual(1.0) - half * (args - 1.0) - half * (argd - 1.0));
    const Dual slope = -k.gamma * ((0.5 / length) * xd * source.slope / args + (0.5 / length) * xd * drain.slope / argd);
    return {gamma, slope};
}

// The smallest positive root x of Baum's quartic x^4 + a1 x^3 + b1 x^2 + c1 x + d1 = 0 (found by
// the resolvent cubic as SPICE does), or nothing.
bool quarticRoot(const Dual& a1, const Dual& b1, const Dual& c1, const Dual& d1, Dual& root) {
    const Dual a = -b1;
    const Dual b = a1 * c1 - 4.0 * d1;
    const Dual c = -d1 * (a1 * a1 - 4.0 * b1) - c1 * c1;
    const Dual r = -a * a / 3.0 + b;
    const Dual s = 2.0 * a * a * a / 27.0 - a * b / 3.0 + c;
    const Dual p = s * s / 4.0 + r * r * r / 27.0;
    const Dual p2 = sqrt(abs(p));
    Dual y3;
    if (p < 0.0) {
        const Dual ro = exp(log(sqrt(s * s / 4.0 + abs(p))) / 3.0);
        y3 = 2.0 * ro * cos(atan(-2.0 * p2 / s) / 3.0) - a / 3.0;
    } else {
        y3 = cubeRootOfMagnitude(-s / 2.0 + p2) + cubeRootOfMagnitude(-s / 2.0 - p2) - a / 3.0;
    }
    const Dual a3 = sqrt(a1 * a1 / 4.0 - b1 + y3);
    const Dual b3 = sqrt(y3 * y3 / 4.0 - d1);
    constexpr double kSign1[4] = {1.0, -1.0, 1.0, -1.0}, kSign2[4] = {1.0, 1.0, -1.0, -1.0};
    bool found = false;
    for (int i = 0; i < 4; ++i) {
        const Dual a4 = a1 / 2.0 + kSign1[i] * a3;
        const Dual b4 = y3 / 2.0 + kSign2[i] * b3;
        const Dual discriminant = a4 * a4 / 4.0 - b4;
        if (discriminant < 0.0) continue;
        const Dual spread = sqrt(discriminant);
        for (const Dual& x : {-a4 / 2.0 + spread, -a4 / 2.0 - spread}) {
            if (x <= 0.0) continue;
            const Dual residual = x * x * x * x + a1 * x * x * x + b1 * x * x + c1 * x + d1;
            if (std::abs(residual.value) > 1e-6) continue;
            if (!found || !(x > root)) root = x;
            found = true;
        }
    }
    return found;
}

} // namespace

ChannelCurrent level2Channel(const MosfetConstants& k, double vgsValue, double vdsValue, double vbsValue) {
    const Dual vgs(vgsValue, 0), vds(vdsValue, 1), vbs(vbsValue, 2);
    const double length = k.effectiveLength;
    const double unscaledOxideCap = k.oxideCapFactor * length * k.effectiveWidth;
    const bool doped = k.depletionWidthCoefficient > 0.0;
    const double xd = k.depletionWidthCoefficient;
    const bool weak = k.nfs != 0.0 && unscaledOxideCap != 0.0;
    const Dual phiMinusVbs = Dual(k.phi) - vbs;
    const Root source = depletionRoot(k, vbs), drain = depletionRoot(k, vbs - vds);
    const double factor = 0.125 * k.delta * 2.0 * std::numbers::pi * kSiliconPermittivity / unscaledOxideCap * length;
    const double eta = 1.0 + factor;
    const Dual vbin = Dual(k.vbi * k.polarity) + factor * phiMinusVbs;
    const ShortChannel body = shortChannelGamma(k, source, drain);
    const Dual& gamasd = body.gamma;

    ChannelCurrent c;
    Dual von = vbin + gamasd * source.value;
    const Dual vth = von;
    Dual slope(1.0);
    if (weak) {
        const Dual cdonco = -(gamasd * source.slope + body.slope * source.value) + factor;
        slope = Dual(1.0 + kCharge * k.nfs * 1e4 / unscaledOxideCap * k.effectiveWidth * length) + cdonco;
        von = von + k.vt * slope;
    } else if (vgs <= vbin) {
        c.von = von.value;
        return c;  // cutoff
    }
    const Dual vgst = vgs - von;
    const Dual sarg3 = source.value * source.value * source.value;

    // Mobility reduced by the transverse field above UCRIT.
    Dual ufact(1.0);
    const double critical = k.ucrit * 100.0 * kSiliconPermittivity / k.oxideCapFactor;
    if (unscaledOxideCap > 0.0 && vgst > critical) ufact = exp(k.uexp * log(Dual(critical) / vgst));
    const Dual ueff = k.nominalMobility * 1e-4 * ufact;

    // Saturation voltage: Grove-Frohman, or with VMAX Baum's quartic.
    const Dual vgsx = weak ? max(vgs, von) : vgs;
    const Dual gammad = gamasd / eta;
    Dual vdsat(0.0);
    if (gammad > 0.0) {
        const Dual argv = (vgsx - vbin) / eta + phiMinusVbs;
        if (argv > 0.0) {
            const Dual arg1 = sqrt(Dual(1.0) + 4.0 * argv / (gammad * gammad));
            vdsat = max((vgsx - vbin) / eta + gammad * gammad * (Dual(1.0) - arg1) / 2.0, Dual(0.0));
        }
    } else {
        vdsat = max((vgsx - vbin) / eta, Dual(0.0));
    }
    if (k.vmax > 0.0) {
        const Dual v1 = (vgsx - vbin) / eta + phiMinusVbs;
        const Dual& v2 = phiMinusVbs;
        const Dual xv = k.vmax * length / ueff;
        const Dual a1 = gammad / 0.75;
        const Dual b1 = -2.0 * (v1 + xv);
        const Dual c1 = -2.0 * gammad * xv;
        const Dual d1 = 2.0 * v1 * (v2 + xv) - v2 * v2 - 4.0 / 3.0 * gammad * sarg3;
        Dual x;
        if (quarticRoot(a1, b1, c1, d1, x)) vdsat = x * x - phiMinusVbs;
    }

    // Channel shortening: LAMBDA, else from the depletion width (NSUB).
    Dual lambda(k.lambda);
    Dual bsarg(0.0), bodys(0.0);
    if (vds.value != 0.0) {
        bsarg = depletionRoot(k, vbs - vdsat).value;
        bodys = bsarg * bsarg * bsarg - sarg3;
        if (doped && !(k.lambda > 0.0)) {
            if (k.vmax <= 0.0) {
                const Dual argv = (vds - vdsat) / 4.0;
                lambda = Dual(xd) / (length * vds) * sqrt(argv + sqrt(Dual(1.0) + argv * argv));
            } else {
                const Dual xdv(xd / std::sqrt(k.neff));
                const Dual xlv = k.vmax * xdv / (2.0 * ueff);
                const Dual xls = sqrt(xlv * xlv + max(vds - vdsat, Dual(0.0)));
                lambda = xdv / (length * vds) * (xls - xlv);
            }
        }
    }
    // Punch-through limits the shortened length.
    const double xwbDoped = xd * std::sqrt(k.bulkPotential);
    const double xld = length - xwbDoped;
    const double xwb = doped ? xwbDoped : 0.25e-6;
    Dual clfact = Dual(1.0) - lambda * vds;
    if (length * clfact < xwb) clfact = (xwb / (Dual(1.0) + (lambda * vds * length - xld) / xwb)) / length;
    const Dual beta1 = k.beta * ufact / clfact;

    c.von = von.value;
    c.vdsat = vdsat.value;
    const Dual bodyLinear = drain.value * drain.value * drain.value - sarg3;
    if (vds.value <= 1e-10) {  // no current; the conductance of the channel at vds = 0
        if (vgs <= von) {
            if (weak) c.gds = (beta1 * (von - vbin - gamasd * source.value) * exp((vgs - von) / (k.vt * slope))).value;
            return c;
        }
        c.gds = (beta1 * (vgs - vbin - gamasd * source.value)).value;
        return c;
    }
    Dual current(0.0);
    if (weak && !(vgs > von)) {  // weak inversion
        if (!(vdsat > 0.0)) return c;
        const Dual vdson = min(vdsat, vds);
        const Dual& bodyOn = vds > vdsat ? bodys : bodyLinear;
        const Dual on = beta1 * ((von - vbin - eta * vdson * 0.5) * vdson - gamasd * bodyOn / 1.5);
        current = on * exp((vgs - von) / (k.vt * slope));
    } else if (!(vds > vdsat)) {  // linear
        current = beta1 * ((vgs - vbin - eta * vds / 2.0) * vds - gamasd * bodyLinear / 1.5);
    } else {  // saturation
        current = beta1 * ((vgs - vbin - eta * vdsat / 2.0) * vdsat - gamasd * bodys / 1.5);
    }
    c.current = current.value;
    c.gm = current.d[0];
    c.gds = current.d[1];
    c.gmbs = current.d[2];
    return c;
}

} // namespace cablespice::solver
