#include "solver/devices/bjt_model.hpp"

#include "solver/devices/junction_temperature.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace cablespice::solver {

namespace {

// ngspice limits the grading coefficients (MJE, MJC, MJS) to 0.999 and FC to 0.9999.
constexpr double kMaxGrading = 0.999;
constexpr double kMaxFc = 0.9999;

double inverseOrZero(double value) { return value != 0.0 ? 1.0 / value : 0.0; }

DepletionJunction depletionAt(double vj, double cj, double grading, double fc, double area, double kelvin,
                              double nominalKelvin) {
    const auto atT = junctionAt(vj, cj, grading, kelvin, nominalKelvin);
    const double logOneMinusFc = std::log(1.0 - fc);
    DepletionJunction j;
    j.capacitance = atT.capacitance * area;
    j.potential = atT.potential;
    j.grading = grading;
    j.threshold = fc * atT.potential;
    j.f1 = atT.potential * (1.0 - std::exp((1.0 - grading) * logOneMinusFc)) / (1.0 - grading);
    j.f2 = std::exp((1.0 + grading) * logOneMinusFc);
    j.f3 = 1.0 - fc * (1.0 + grading);
    return j;
}

// ISE and ISC above 1e-4 are read by ngspice as multiples of IS.
double leakageCurrent(double given, double is) { return given > 1e-4 ? given * is : given; }

struct Exponential {
    double current = 0.0, conductance = 0.0;
};

// is (exp(v/vtn) - 1), with SPICE's cubic approach to -is below -3 vtn.
Exponential junctionCurrent(double is, double v, double vtn) {
    if (is == 0.0) return {};
    if (v >= -3.0 * vtn) {
        const double e = std::exp(v / vtn);
        return {is * (e - 1.0), is * e / vtn};
    }
    double a = 3.0 * vtn / (v * std::numbers::e);
    a = a * a * a;
    return {-is * (1.0 + a), is * 3.0 * a / v};
}

// tan z - z without the cancellation of the difference at small z (the base current well
// below IRB), by its Taylor series there: the value agrees with the difference to 1e-12.
double tanMinusArgument(double z, double tanZ) {
    if (z >= 0.1) return tanZ - z;
    const double z2 = z * z;
    return z * z2 * (1.0 / 3.0 + z2 * (2.0 / 15.0 + z2 * (17.0 / 315.0 + z2 * (62.0 / 2835.0 + z2 * (1382.0 / 155925.0)))));
}

// The conductivity-modulated base resistance (IRB): rbm + 3 (rb - rbm) (tan z - z)/(z tan² z),
// z from the base current; returns r and dr/d(cb).
struct BaseResistance {
    double r = 0.0, dCurrent = 0.0;
};
BaseResistance modulatedBaseResistance(const BjtConstants& k, double cb) {
    const double rbpi = k.baseResistance - k.minBaseResistance;
    double a = cb / k.baseHalfCurrent;
    double dadcb = 1.0 / k.baseHalfCurrent;
    if (!(a > 1e-9)) {
        a = 1e-9;
        dadcb = 0.0;
    }
    constexpr double kA = 14.59025, kB = 2.4317;  // ngspice's fit constants
    const double root = std::sqrt(1.0 + kA * a);
    const double z = (root - 1.0) / (kB * std::sqrt(a));
    const double dzda = kA / (2.0 * kB * std::sqrt(a) * root) - z / (2.0 * a);
    const double t = std::tan(z);
    const double d = tanMinusArgument(z, t);
    const double shape = d / (z * t * t);
    const double dshape = 1.0 / z - d / (z * z * t * t) - 2.0 * d * (1.0 + t * t) / (z * t * t * t);
    return {k.minBaseResistance + 3.0 * rbpi * shape, 3.0 * rbpi * dshape * dzda * dadcb};
}

} // namespace

BjtConstants bjtConstants(const BjtModelParameters& model, double area, double celsius, double nominalCelsius) {
    const double kelvin = celsius + kKelvinOffset;
    const double nominalKelvin = model.tnom.value_or(nominalCelsius) + kKelvinOffset;
    const double fc = std::min(model.fc, kMaxFc);

    BjtConstants k;
    k.polarity = model.polarity;
    k.substrate = model.substrate != 0 ? model.substrate : (model.polarity > 0 ? 1 : -1);
    k.vt = thermalVoltage(kelvin);
    const double ratioLog = std::log(kelvin / nominalKelvin);
    const double factorLog = (kelvin / nominalKelvin - 1.0) * model.eg / k.vt + model.xti * ratioLog;
    const double betaFactor = std::exp(ratioLog * model.xtb);
    const double saturation = model.is * std::exp(factorLog);
    k.beSaturation = area * saturation;
    // ngspice 39 scales the B-C transport current by the base area on top of the instance area
    // (BJTtemp multiplies IS*area by AREAB, which defaults to the area): area² for area != 1.
    k.bcSaturation = k.beSaturation * area;
    k.beLeakage = area * leakageCurrent(model.ise, model.is) * std::exp(factorLog / model.ne) / betaFactor;
    k.bcLeakage = area * leakageCurrent(model.isc, model.is) * std::exp(factorLog / model.nc) / betaFactor;
    k.nf = model.nf;
    k.nr = model.nr;
    k.ne = model.ne;
    k.nc = model.nc;
    k.betaF = model.bf * betaFactor;
    k.betaR = model.br * betaFactor;
    k.invEarlyF = inverseOrZero(model.vaf);
    k.invEarlyR = inverseOrZero(model.var);
    k.invKneeF = inverseOrZero(model.ikf * area);
    k.invKneeR = inverseOrZero(model.ikr * area);
    k.baseResistance = model.rb / area;
    k.minBaseResistance = model.rbm.value_or(model.rb) / area;
    k.baseHalfCurrent = model.irb * area;
    k.collectorConductance = model.rc > 0.0 ? area / model.rc : 0.0;
    k.emitterConductance = model.re > 0.0 ? area / model.re : 0.0;
    k.be = depletionAt(model.vje, model.cje, std::min(model.mje, kMaxGrading), fc, area, kelvin, nominalKelvin);
    k.bc = depletionAt(model.vjc, model.cjc, std::min(model.mjc, kMaxGrading), fc, area, kelvin, nominalKelvin);
    k.sub = depletionAt(model.vjs, model.cjs, std::min(model.mjs, kMaxGrading), fc, area, kelvin, nominalKelvin);
    k.xcjc = model.xcjc;
    k.tf = model.tf;
    k.xtf = model.xtf;
    k.tfVbcFactor = model.vtf != 0.0 ? 1.0 / (model.vtf * 1.44) : 0.0;
    k.itf = model.itf * area;
    k.tr = model.tr;
    // ngspice 39 (bjttemp.c) takes the model's TF, unscaled by temperature or area.
    k.excessPhaseDelay = model.ptf * std::numbers::pi / 180.0 * model.tf;
    k.vcrit = k.vt * std::log(k.vt / (std::numbers::sqrt2 * k.beSaturation));
    return k;
}

DepletionCharge depletionCharge(const DepletionJunction& j, double v) {
    const double czero = j.capacitance;
    const double m = j.grading;
    const double vj = j.potential;
    if (czero == 0.0) return {};
    if (v < j.threshold) {
        const double arg = 1.0 - v / vj;
        const double sarg = std::exp(-m * std::log(arg));
        return {vj * czero * (1.0 - arg * sarg) / (1.0 - m), czero * sarg};
    }
    const double czof2 = czero / j.f2;
    const double fcpb = j.threshold;
    return {czero * j.f1 + czof2 * (j.f3 * (v - fcpb) + m / (2.0 * vj) * (v * v - fcpb * fcpb)),
            czof2 * (j.f3 + m * v / vj)};
}

namespace {

// The substrate junction: the depletion formula in reverse, SPICE's linear capacitance in forward.
DepletionCharge substrateCharge(const DepletionJunction& j, double v) {
    const double czero = j.capacitance;
    const double m = j.grading;
    const double ps = j.potential;
    if (czero == 0.0) return {};
    if (v < 0.0) {
        const double arg = 1.0 - v / ps;
        const double sarg = std::exp(-m * std::log(arg));
        return {ps * czero * (1.0 - arg * sarg) / (1.0 - m), czero * sarg};
    }
    return {v * czero * (1.0 + m * v / (2.0 * ps)), czero * (1.0 + m * v / ps)};
}

DepletionJunction scaled(DepletionJunction j, double share) {
    j.capacitance *= share;
    return j;
}

} // namespace

namespace {

// The normalised base charge qb with its derivatives: Early effect (q1) and high injection (q2).
struct BaseCharge {
    double qb = 1.0, dVbe = 0.0, dVbc = 0.0;
};
BaseCharge baseCharge(const BjtConstants& k, const BjtVoltages& v, const Exponential& be, const Exponential& bc) {
    const double q1 = 1.0 / (1.0 - k.invEarlyF * v.vbc - k.invEarlyR * v.vbe);
    BaseCharge r{q1, q1 * q1 * k.invEarlyR, q1 * q1 * k.invEarlyF};
    if (k.invKneeF != 0.0 || k.invKneeR != 0.0) {
        const double q2 = k.invKneeF * be.current + k.invKneeR * bc.current;
        const double arg = std::max(0.0, 1.0 + 4.0 * q2);
        const double sqarg = arg != 0.0 ? std::sqrt(arg) : 1.0;
        r.qb = q1 * (1.0 + sqarg) / 2.0;
        r.dVbe = q1 * (r.qb * k.invEarlyR + k.invKneeF * be.conductance / sqarg);
        r.dVbc = q1 * (r.qb * k.invEarlyF + k.invKneeR * bc.conductance / sqarg);
    }
    return r;
}

} // namespace

BjtEvaluation evaluateBjt(const BjtConstants& k, const BjtVoltages& v, double gmin) {
    const Exponential be = junctionCurrent(k.beSaturation, v.vbe, k.nf * k.vt);
    Exponential beLeak = junctionCurrent(k.beLeakage, v.vbe, k.ne * k.vt);
    beLeak.current += gmin * v.vbe;
    beLeak.conductance += gmin;
    const Exponential bc = junctionCurrent(k.bcSaturation, v.vbc, k.nr * k.vt);
    Exponential bcLeak = junctionCurrent(k.bcLeakage, v.vbc, k.nc * k.vt);
    bcLeak.current += gmin * v.vbc;
    bcLeak.conductance += gmin;

    const BaseCharge charge = baseCharge(k, v, be, bc);
    const double qb = charge.qb, dqbdve = charge.dVbe, dqbdvc = charge.dVbc;

    BjtEvaluation r;
    const double transport = be.current - bc.current;
    r.collector.value = transport / qb - bc.current / k.betaR - bcLeak.current;
    r.collector.dVbe = (be.conductance - transport * dqbdve / qb) / qb;
    r.collector.dVbc = (-bc.conductance - transport * dqbdvc / qb) / qb - bc.conductance / k.betaR - bcLeak.conductance;
    r.base.value = be.current / k.betaF + beLeak.current + bc.current / k.betaR + bcLeak.current;
    r.base.dVbe = be.conductance / k.betaF + beLeak.conductance;
    r.base.dVbc = bc.conductance / k.betaR + bcLeak.conductance;

    if (k.baseResistance > 0.0) {
        double resistance = 0.0, dVbe = 0.0, dVbc = 0.0;
        if (k.baseHalfCurrent != 0.0) {
            const auto modulated = modulatedBaseResistance(k, r.base.value);
            resistance = modulated.r;
            dVbe = modulated.dCurrent * r.base.dVbe;
            dVbc = modulated.dCurrent * r.base.dVbc;
        } else {
            const double rbpi = k.baseResistance - k.minBaseResistance;
            resistance = k.minBaseResistance + rbpi / qb;
            dVbe = -rbpi / (qb * qb) * dqbdve;
            dVbc = -rbpi / (qb * qb) * dqbdvc;
        }
        if (resistance != 0.0) {
            const double g = 1.0 / resistance;
            r.baseConductance = {g, -g * g * dVbe, -g * g * dVbc};
        }
    }
    r.substrateCurrent = gmin * v.vsub;
    r.substrateConductance = gmin;

    // B-E charge: depletion plus TF times the transport current, modulated by XTF, VTF, ITF.
    if (k.tf != 0.0 && v.vbe > 0.0) {
        double argtf = 0.0, arg2 = 0.0, arg3 = 0.0;
        if (k.xtf != 0.0) {
            argtf = k.xtf;
            if (k.tfVbcFactor != 0.0) argtf *= std::exp(v.vbc * k.tfVbcFactor);
            arg2 = argtf;
            if (k.itf != 0.0) {
                const double share = be.current / (be.current + k.itf);
                argtf *= share * share;
                arg2 = argtf * (3.0 - 2.0 * share);
            }
            arg3 = be.current * argtf * k.tfVbcFactor;
        }
        const double current = be.current * (1.0 + argtf) / qb;
        r.qbe.value = k.tf * current;
        r.qbe.dVbe = k.tf * (be.conductance * (1.0 + arg2) - current * dqbdve) / qb;
        r.qbe.dVbc = k.tf * (arg3 - current * dqbdvc) / qb;
    } else {
        r.qbe.value = k.tf * be.current;
        r.qbe.dVbe = k.tf * be.conductance;
    }
    const auto depletionBe = depletionCharge(k.be, v.vbe);
    r.qbe.value += depletionBe.charge;
    r.qbe.dVbe += depletionBe.capacitance;

    const auto depletionBc = depletionCharge(scaled(k.bc, k.xcjc), v.vbc);
    r.qbc.value = k.tr * bc.current + depletionBc.charge;
    r.qbc.dVbc = k.tr * bc.conductance + depletionBc.capacitance;
    const auto external = depletionCharge(scaled(k.bc, 1.0 - k.xcjc), v.vbx);
    r.qbx = external.charge;
    r.capbx = external.capacitance;
    const auto substrate = substrateCharge(k.sub, v.vsub);
    r.qsub = substrate.charge;
    r.capsub = substrate.capacitance;
    return r;
}

BjtQuantity forwardTransport(const BjtConstants& k, const BjtVoltages& v) {
    const Exponential be = junctionCurrent(k.beSaturation, v.vbe, k.nf * k.vt);
    const Exponential bc = junctionCurrent(k.bcSaturation, v.vbc, k.nr * k.vt);
    const BaseCharge charge = baseCharge(k, v, be, bc);
    const double value = be.current / charge.qb;
    return {value, (be.conductance - value * charge.dVbe) / charge.qb, -value * charge.dVbc / charge.qb};
}

} // namespace cablespice::solver
