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

// The bias-dependent threshold terms: vbin (the built-in part with the narrow-width term), the
// body coefficient reduced by the short channel, von (raised by n vt with NFS) and the
// weak-inversion slope n.
struct Threshold {
    Dual phiMinusVbs, vbin, gamasd, von, slope;
    Root source, drain;
    double factor = 0.0, eta = 1.0;
};
Threshold threshold(const MosfetConstants& k, const Dual& vds, const Dual& vbs, bool weak) {
    Threshold t{Dual(k.phi) - vbs, {}, {}, {}, Dual(1.0), depletionRoot(k, vbs), depletionRoot(k, vbs - vds)};
    const double length = k.effectiveLength;
    const double unscaledOxideCap = k.oxideCapFactor * length * k.effectiveWidth;
    t.factor = 0.125 * k.delta * 2.0 * std::numbers::pi * kSiliconPermittivity / unscaledOxideCap * length;
    t.eta = 1.0 + t.factor;
    t.vbin = Dual(k.vbi * k.polarity) + t.factor * t.phiMinusVbs;
    const ShortChannel body = shortChannelGamma(k, t.source, t.drain);
    t.gamasd = body.gamma;
    t.von = t.vbin + t.gamasd * t.source.value;
    if (weak) {
        const Dual cdonco = -(t.gamasd * t.source.slope + body.slope * t.source.value) + t.factor;
        t.slope = Dual(1.0 + kCharge * k.nfs * 1e4 / unscaledOxideCap * k.effectiveWidth * length) + cdonco;
        t.von = t.von + k.vt * t.slope;
    }
    return t;
}

// The mobility factor: 1, or (critical / vgst)^UEXP above the critical gate voltage.
Dual mobilityFactor(const MosfetConstants& k, const Dual& vgst) {
    const double critical = k.ucrit * 100.0 * kSiliconPermittivity / k.oxideCapFactor;
    if (k.oxideCapFactor > 0.0 && vgst > critical) return exp(k.uexp * log(Dual(critical) / vgst));
    return Dual(1.0);
}

// vdsat from the Grove-Frohman equation, or with VMAX from Baum's quartic.
Dual saturationVoltage(const MosfetConstants& k, const Threshold& t, const Dual& vgsx, const Dual& ueff) {
    const Dual gammad = t.gamasd / t.eta;
    const Dual drive = (vgsx - t.vbin) / t.eta;
    Dual vdsat(0.0);
    if (gammad > 0.0) {
        const Dual argv = drive + t.phiMinusVbs;
        if (argv > 0.0) {
            const Dual root = sqrt(Dual(1.0) + 4.0 * argv / (gammad * gammad));
            vdsat = max(drive + gammad * gammad * (Dual(1.0) - root) / 2.0, Dual(0.0));
        }
    } else {
        vdsat = max(drive, Dual(0.0));
    }
    if (!(k.vmax > 0.0)) return vdsat;
    const Dual v1 = drive + t.phiMinusVbs;
    const Dual& v2 = t.phiMinusVbs;
    const Dual xv = k.vmax * k.effectiveLength / ueff;
    const Dual sarg3 = t.source.value * t.source.value * t.source.value;
    Dual x;
    if (quarticRoot(gammad / 0.75, -2.0 * (v1 + xv), -2.0 * gammad * xv,
                    2.0 * v1 * (v2 + xv) - v2 * v2 - 4.0 / 3.0 * gammad * sarg3, x))
        vdsat = x * x - t.phiMinusVbs;
    return vdsat;
}

// 1 - lambda vds, lambda from LAMBDA or else (with NSUB) from the depletion width beyond
// vdsat, limited at punch-through.
Dual lengthFactor(const MosfetConstants& k, const Dual& vds, const Dual& vdsat, const Dual& ueff) {
    const double length = k.effectiveLength, xd = k.depletionWidthCoefficient;
    const bool doped = xd > 0.0;
    Dual lambda(k.lambda);
    if (vds.value != 0.0 && doped && !(k.lambda > 0.0)) {
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
    const double xwbDoped = xd * std::sqrt(k.bulkPotential);
    const double xld = length - xwbDoped;
    const double xwb = doped ? xwbDoped : 0.25e-6;
    const Dual clfact = Dual(1.0) - lambda * vds;
    if (!(length * clfact < xwb)) return clfact;
    return (xwb / (Dual(1.0) + (lambda * vds * length - xld) / xwb)) / length;
}

// The bulk-charge term of the current at the drain-side root (r³ - source root³).
Dual bulkTerm(const Root& drainSide, const Root& source) {
    return drainSide.value * drainSide.value * drainSide.value - source.value * source.value * source.value;
}

} // namespace

ChannelCurrent level2Channel(const MosfetConstants& k, double vgsValue, double vdsValue, double vbsValue) {
    const Dual vgs(vgsValue, 0), vds(vdsValue, 1), vbs(vbsValue, 2);
    const bool weak = k.nfs != 0.0 && k.oxideCapFactor != 0.0;
    const Threshold t = threshold(k, vds, vbs, weak);
    ChannelCurrent c;
    c.von = t.von.value;
    if (!weak && vgs <= t.vbin) return c;  // cutoff

    const Dual ufact = mobilityFactor(k, vgs - t.von);
    const Dual ueff = k.nominalMobility * 1e-4 * ufact;
    const Dual vdsat = saturationVoltage(k, t, weak ? max(vgs, t.von) : vgs, ueff);
    c.vdsat = vdsat.value;
    const Dual beta1 = k.beta * ufact / lengthFactor(k, vds, vdsat, ueff);
    const Dual weakFactor = weak ? exp((vgs - t.von) / (k.vt * t.slope)) : Dual(1.0);

    if (vds.value <= 1e-10) {  // no current; the conductance of the channel at vds = 0
        if (!(vgs > t.von)) {
            if (weak) c.gds = (beta1 * (t.von - t.vbin - t.gamasd * t.source.value) * weakFactor).value;
            return c;
        }
        c.gds = (beta1 * (vgs - t.vbin - t.gamasd * t.source.value)).value;
        return c;
    }
    const Root saturationSide = depletionRoot(k, vbs - vdsat);
    Dual current(0.0);
    if (weak && !(vgs > t.von)) {  // weak inversion
        if (!(vdsat > 0.0)) return c;
        const Dual vdson = min(vdsat, vds);
        const Dual body = bulkTerm(vds > vdsat ? saturationSide : t.drain, t.source);
        current = beta1 * ((t.von - t.vbin - t.eta * vdson * 0.5) * vdson - t.gamasd * body / 1.5) * weakFactor;
    } else if (!(vds > vdsat)) {  // linear
        current = beta1 * ((vgs - t.vbin - t.eta * vds / 2.0) * vds - t.gamasd * bulkTerm(t.drain, t.source) / 1.5);
    } else {  // saturation
        current = beta1 * ((vgs - t.vbin - t.eta * vdsat / 2.0) * vdsat -
                           t.gamasd * bulkTerm(saturationSide, t.source) / 1.5);
    }
    c.current = current.value;
    c.gm = current.d[0];
    c.gds = current.d[1];
    c.gmbs = current.d[2];
    return c;
}

} // namespace cablespice::solver
