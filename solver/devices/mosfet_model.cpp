#include "solver/devices/mosfet_model.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

namespace cablespice::solver {

namespace {

// ngspice 39's constants (CODATA 2014, as the diode uses) and its permittivities.
constexpr double kCharge = 1.6021766208e-19;
constexpr double kBoltzmann = 1.38064852e-23;
constexpr double kKelvinOffset = 273.15;
constexpr double kReferenceKelvin = 300.15;
constexpr double kVacuumPermittivity = 8.854214871e-12;
constexpr double kOxidePermittivity = 3.9 * kVacuumPermittivity;
constexpr double kSiliconPermittivity = 11.70 * kVacuumPermittivity;
constexpr double kIntrinsicDensity = 1.45e16;  // [1/m³]

double siliconGap(double kelvin) { return 1.16 - 7.02e-4 * kelvin * kelvin / (kelvin + 1108.0); }

// SPICE3's temperature shift of a junction or surface potential between REFTEMP and T.
double potentialShift(double kelvin) {
    const double vt = kBoltzmann * kelvin / kCharge;
    const double arg = -siliconGap(kelvin) / (2.0 * kBoltzmann * kelvin) +
                       1.1150877 / (kBoltzmann * 2.0 * kReferenceKelvin);
    return -2.0 * vt * (1.5 * std::log(kelvin / kReferenceKelvin) + kCharge * arg);
}

// Levels 2 and 3 without TOX have ngspice's 1e-7 m; level 1 has no gate capacitance then.
std::optional<double> oxideThickness(const MosfetModelParameters& model) {
    if (model.tox || model.level == 1) return model.tox;
    return 1e-7;
}

// The intrinsic density NSUB must exceed: levels 1 and 2 take 1.45e10 /cm³, level 3 scales it to TNOM.
double intrinsicDensity(const MosfetModelParameters& model, double nominalKelvin) {
    if (model.level != 3) return kIntrinsicDensity;
    const double scale = nominalKelvin / 300.0;
    return kIntrinsicDensity * scale * std::sqrt(scale) *
           std::exp(0.5 * siliconGap(nominalKelvin) * (1.0 / 300.0 - 1.0 / nominalKelvin) / (kBoltzmann / kCharge));
}

// The process-derived parameters at TNOM: KP from UO*COX, and with NSUB the surface
// potential, body effect and threshold (ngspice MOS1temp's and MOS3temp's model preprocessing),
// and level 3's depletion-width factor.
struct ProcessParameters {
    double oxideCapFactor = 0.0, kp = 2e-5, vto = 0.0, gamma = 0.0, phi = 0.6, alpha = 0.0;
};

ProcessParameters processParameters(const MosfetModelParameters& model, double nominalKelvin) {
    ProcessParameters p;
    p.kp = model.kp.value_or(2e-5);
    p.vto = model.vto.value_or(0.0);
    p.gamma = model.gamma.value_or(0.0);
    p.phi = model.phi.value_or(0.6);
    const auto tox = oxideThickness(model);
    if (!tox || *tox == 0.0) return p;
    p.oxideCapFactor = kOxidePermittivity / *tox;
    if (!model.kp) p.kp = model.uo.value_or(600.0) * p.oxideCapFactor * 1e-4;
    if (!model.nsub) return p;
    const double doping = *model.nsub * 1e6;
    const double intrinsic = intrinsicDensity(model, nominalKelvin);
    if (!(doping > intrinsic))
        throw std::invalid_argument("NSUB is below the intrinsic carrier density (about 1.45e10 /cm^3)");
    const double vtnom = kBoltzmann * nominalKelvin / kCharge;
    const double gapNominal = siliconGap(nominalKelvin);
    if (!model.phi) p.phi = std::max(0.1, 2.0 * vtnom * std::log(doping / intrinsic));
    p.alpha = 2.0 * kSiliconPermittivity / (kCharge * doping);
    const double type = model.polarity;
    const double fermiSubstrate = type * 0.5 * p.phi;
    double workFunction = 3.2;
    if (model.tpg != 0.0) workFunction = 3.25 + 0.5 * gapNominal - type * model.tpg * 0.5 * gapNominal;
    const double workDifference = workFunction - (3.25 + 0.5 * gapNominal + fermiSubstrate);
    if (!model.gamma) p.gamma = std::sqrt(2.0 * kSiliconPermittivity * kCharge * doping) / p.oxideCapFactor;
    if (!model.vto) {
        const double flatBand = workDifference - model.nss * 1e4 * kCharge / p.oxideCapFactor;
        p.vto = flatBand + type * (p.gamma * std::sqrt(p.phi) + p.phi);
    }
    return p;
}

// Depletion-charge constants of one junction: bottom (CBD/CBS, or CJ*area) plus sidewall.
BulkJunction junctionConstants(double bottom, double sidewall, const MosfetConstants& k, double fc) {
    const double bulkPotential = k.bulkPotential, depletionThreshold = k.depletionThreshold;
    BulkJunction j;
    j.bottom = bottom;
    j.sidewall = sidewall;
    const double arg = 1.0 - fc;
    const double sarg = std::exp(-k.mj * std::log(arg));
    const double sargsw = std::exp(-k.mjsw * std::log(arg));
    j.f2 = bottom * (1.0 - fc * (1.0 + k.mj)) * sarg / arg + sidewall * (1.0 - fc * (1.0 + k.mjsw)) * sargsw / arg;
    j.f3 = bottom * k.mj * sarg / arg / bulkPotential + sidewall * k.mjsw * sargsw / arg / bulkPotential;
    j.f4 = bottom * bulkPotential * (1.0 - arg * sarg) / (1.0 - k.mj) +
           sidewall * bulkPotential * (1.0 - arg * sargsw) / (1.0 - k.mjsw) -
           j.f3 / 2.0 * depletionThreshold * depletionThreshold - depletionThreshold * j.f2;
    return j;
}

// RD/RS when given, else RSH times the number of squares; 0 means no series resistance.
double seriesConductance(const std::optional<double>& r, const std::optional<double>& rsh, double squares, double m) {
    if (r) return *r != 0.0 ? m / *r : 0.0;
    if (rsh && *rsh != 0.0 && squares != 0.0) return m / (*rsh * squares);
    return 0.0;
}

// The device and nominal temperatures and SPICE3's terms between them.
struct Temperatures {
    double kelvin, nominalKelvin, vt, vtNominal, fact, factNominal, shift, shiftNominal, gap, gapNominal;
};
Temperatures temperatures(double kelvin, double nominalKelvin) {
    return {kelvin,
            nominalKelvin,
            kBoltzmann * kelvin / kCharge,
            kBoltzmann * nominalKelvin / kCharge,
            kelvin / kReferenceKelvin,
            nominalKelvin / kReferenceKelvin,
            potentialShift(kelvin),
            potentialShift(nominalKelvin),
            siliconGap(kelvin),
            siliconGap(nominalKelvin)};
}

// Geometry, the threshold and the transconductance at temperature (every level).
void setChannel(MosfetConstants& k, const MosfetModelParameters& model, const MosfetGeometry& geometry,
                const ProcessParameters& process, const Temperatures& t) {
    const double type = model.polarity, m = geometry.m;
    const bool level3 = model.level == 3;
    const double ratio = t.kelvin / t.nominalKelvin;
    k.level = model.level;
    k.effectiveLength = geometry.l - 2.0 * model.ld + (level3 ? model.xl : 0.0);
    k.effectiveWidth = level3 ? geometry.w - 2.0 * model.wd + model.xw : geometry.w;
    k.ld = model.ld;
    k.oxideCapFactor = process.oxideCapFactor;
    k.beta = process.kp / (ratio * std::sqrt(ratio)) * m * k.effectiveWidth / k.effectiveLength;
    k.lambda = model.lambda;
    k.gamma = process.gamma;
    k.phi = t.fact * (process.phi - t.shiftNominal) / t.factNominal + t.shift;
    k.vbi = (level3 ? model.delvto : 0.0) + process.vto - type * process.gamma * std::sqrt(process.phi) +
            0.5 * (t.gapNominal - t.gap) + type * 0.5 * (k.phi - process.phi);
    k.vto = k.vbi + type * process.gamma * std::sqrt(k.phi);
    k.oxideCap = process.oxideCapFactor * k.effectiveLength * m * k.effectiveWidth;
    k.gateSourceOverlap = model.cgso * m * k.effectiveWidth;
    k.gateDrainOverlap = model.cgdo * m * k.effectiveWidth;
    k.gateBulkOverlap = model.cgbo * m * k.effectiveLength;
    k.drainConductance = seriesConductance(model.rd, model.rsh, geometry.nrd, m);
    k.sourceConductance = seriesConductance(model.rs, model.rsh, geometry.nrs, m);
}

// The short-channel constants of levels 2 and 3 (ngspice's MOS2/MOS3 preprocessing).
void setShortChannel(MosfetConstants& k, const MosfetModelParameters& model, const ProcessParameters& process,
                     const Temperatures& t) {
    const double ratio = t.kelvin / t.nominalKelvin;
    k.surfaceMobility = model.uo.value_or(600.0) / (ratio * std::sqrt(ratio));
    k.nominalMobility = model.uo.value_or(600.0);
    k.delta = model.delta;
    k.uexp = model.uexp;
    k.ucrit = model.ucrit;
    k.neff = model.neff;
    k.theta = model.theta;
    k.kappa = model.kappa;
    k.vmax = model.vmax;
    k.xj = model.xj;
    k.nfs = model.nfs;
    if (model.level == 1) return;
    k.alpha = process.alpha;
    k.depletionWidthCoefficient = std::sqrt(process.alpha);
    if (model.level != 3) return;
    const double length = k.effectiveLength;
    k.eta = model.eta * 8.15e-22 / (process.oxideCapFactor * length * length * length);
    k.narrowFactor = model.delta * 0.5 * std::numbers::pi * kSiliconPermittivity / process.oxideCapFactor;
}

// Bulk junctions: saturation currents, potential and capacitances at T (SPICE3's formulas).
void setBulkJunctions(MosfetConstants& k, const MosfetModelParameters& model, const MosfetGeometry& geometry,
                      const Temperatures& t) {
    const double m = geometry.m;
    const double thermalFactor = std::exp(-t.gap / t.vt + t.gapNominal / t.vtNominal);
    const double saturationCurrent = model.is * thermalFactor;
    const double saturationDensity = model.js * thermalFactor;
    const double pbo = (model.pb - t.shiftNominal) / t.factNominal;
    const double oldGamma = (model.pb - pbo) / pbo;
    k.bulkPotential = t.fact * pbo + t.shift;
    const double newGamma = (k.bulkPotential - pbo) / pbo;
    auto scaled = [&](double value, double grading) {
        const double atNominal = value / (1.0 + grading * (4e-4 * (t.nominalKelvin - kReferenceKelvin) - oldGamma));
        return atNominal * (1.0 + grading * (4e-4 * (t.kelvin - kReferenceKelvin) - newGamma));
    };
    k.depletionThreshold = model.fc * k.bulkPotential;
    k.mj = model.mj;
    k.mjsw = model.mjsw.value_or(model.level == 1 ? 0.5 : 0.33);
    auto bottom = [&](const std::optional<double>& given, double area) {
        if (given) return scaled(*given, model.mj) * m;
        return model.cj ? scaled(*model.cj, model.mj) * area * m : 0.0;
    };
    auto sidewall = [&](double perimeter) { return model.cjsw ? scaled(*model.cjsw, k.mjsw) * perimeter * m : 0.0; };
    k.drain = junctionConstants(bottom(model.cbd, geometry.ad), sidewall(geometry.pd), k, model.fc);
    k.source = junctionConstants(bottom(model.cbs, geometry.as), sidewall(geometry.ps), k, model.fc);
    const bool byDensity = saturationDensity != 0.0 && geometry.ad != 0.0 && geometry.as != 0.0;
    k.drain.saturationCurrent = m * (byDensity ? saturationDensity * geometry.ad : saturationCurrent);
    k.source.saturationCurrent = m * (byDensity ? saturationDensity * geometry.as : saturationCurrent);
    for (BulkJunction* j : {&k.drain, &k.source})
        j->vcrit = k.vt * std::log(k.vt / (std::numbers::sqrt2 * j->saturationCurrent));
}

} // namespace

MosfetConstants mosfetConstants(const MosfetModelParameters& model, const MosfetGeometry& geometry, double celsius,
                                double nominalCelsius) {
    const Temperatures t = temperatures(celsius + kKelvinOffset, model.tnom.value_or(nominalCelsius) + kKelvinOffset);
    const ProcessParameters process = processParameters(model, t.nominalKelvin);
    MosfetConstants k;
    k.polarity = model.polarity;
    k.vt = t.vt;
    setChannel(k, model, geometry, process, t);
    setShortChannel(k, model, process, t);
    setBulkJunctions(k, model, geometry, t);
    return k;
}

} // namespace cablespice::solver
