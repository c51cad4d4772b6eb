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

// The process-derived parameters at TNOM: KP from UO*COX, and with NSUB the surface
// potential, body effect and threshold (ngspice MOS1temp's model preprocessing).
struct ProcessParameters {
    double oxideCapFactor = 0.0, kp = 2e-5, vto = 0.0, gamma = 0.0, phi = 0.6;
};

ProcessParameters processParameters(const MosfetModelParameters& model, double nominalKelvin) {
    ProcessParameters p;
    p.kp = model.kp.value_or(2e-5);
    p.vto = model.vto.value_or(0.0);
    p.gamma = model.gamma.value_or(0.0);
    p.phi = model.phi.value_or(0.6);
    if (!model.tox || *model.tox == 0.0) return p;
    p.oxideCapFactor = kOxidePermittivity / *model.tox;
    if (!model.kp) p.kp = model.uo.value_or(600.0) * p.oxideCapFactor * 1e-4;
    if (!model.nsub) return p;
    const double doping = *model.nsub * 1e6;
    if (!(doping > kIntrinsicDensity))
        throw std::invalid_argument("NSUB is below the intrinsic carrier density (1.45e10 /cm^3)");
    const double vtnom = kBoltzmann * nominalKelvin / kCharge;
    const double gapNominal = siliconGap(nominalKelvin);
    if (!model.phi) p.phi = std::max(0.1, 2.0 * vtnom * std::log(doping / kIntrinsicDensity));
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
BulkJunction junctionConstants(double bottom, double sidewall, const MosfetModelParameters& model,
                               double bulkPotential, double depletionThreshold) {
    BulkJunction j;
    j.bottom = bottom;
    j.sidewall = sidewall;
    const double arg = 1.0 - model.fc;
    const double sarg = std::exp(-model.mj * std::log(arg));
    const double sargsw = std::exp(-model.mjsw * std::log(arg));
    j.f2 = bottom * (1.0 - model.fc * (1.0 + model.mj)) * sarg / arg +
           sidewall * (1.0 - model.fc * (1.0 + model.mjsw)) * sargsw / arg;
    j.f3 = bottom * model.mj * sarg / arg / bulkPotential + sidewall * model.mjsw * sargsw / arg / bulkPotential;
    j.f4 = bottom * bulkPotential * (1.0 - arg * sarg) / (1.0 - model.mj) +
           sidewall * bulkPotential * (1.0 - arg * sargsw) / (1.0 - model.mjsw) -
           j.f3 / 2.0 * depletionThreshold * depletionThreshold - depletionThreshold * j.f2;
    return j;
}

// RD/RS when given, else RSH times the number of squares; 0 means no series resistance.
double seriesConductance(const std::optional<double>& r, const std::optional<double>& rsh, double squares, double m) {
    if (r) return *r != 0.0 ? m / *r : 0.0;
    if (rsh && *rsh != 0.0 && squares != 0.0) return m / (*rsh * squares);
    return 0.0;
}

} // namespace

MosfetConstants mosfetConstants(const MosfetModelParameters& model, const MosfetGeometry& geometry, double celsius,
                                double nominalCelsius) {
    const double nominalKelvin = model.tnom.value_or(nominalCelsius) + kKelvinOffset;
    const double kelvin = celsius + kKelvinOffset;
    const ProcessParameters process = processParameters(model, nominalKelvin);
    const double type = model.polarity;
    const double m = geometry.m;

    MosfetConstants k;
    k.polarity = model.polarity;
    k.vt = kBoltzmann * kelvin / kCharge;
    const double vtnom = kBoltzmann * nominalKelvin / kCharge;
    const double ratio = kelvin / nominalKelvin;
    const double fact1 = nominalKelvin / kReferenceKelvin, fact2 = kelvin / kReferenceKelvin;
    const double shiftNominal = potentialShift(nominalKelvin), shift = potentialShift(kelvin);
    const double gapNominal = siliconGap(nominalKelvin), gap = siliconGap(kelvin);

    const double effectiveLength = geometry.l - 2.0 * model.ld;
    k.beta = process.kp / (ratio * std::sqrt(ratio)) * m * geometry.w / effectiveLength;
    k.lambda = model.lambda;
    k.gamma = process.gamma;
    k.phi = fact2 * (process.phi - shiftNominal) / fact1 + shift;
    k.vbi = process.vto - type * process.gamma * std::sqrt(process.phi) + 0.5 * (gapNominal - gap) +
            type * 0.5 * (k.phi - process.phi);
    k.vto = k.vbi + type * process.gamma * std::sqrt(k.phi);
    k.oxideCap = process.oxideCapFactor * effectiveLength * m * geometry.w;
    k.gateSourceOverlap = model.cgso * m * geometry.w;
    k.gateDrainOverlap = model.cgdo * m * geometry.w;
    k.gateBulkOverlap = model.cgbo * m * effectiveLength;
    k.drainConductance = seriesConductance(model.rd, model.rsh, geometry.nrd, m);
    k.sourceConductance = seriesConductance(model.rs, model.rsh, geometry.nrs, m);

    // Junctions: saturation currents, potential and capacitances at T (SPICE3's formulas).
    const double thermalFactor = std::exp(-gap / k.vt + gapNominal / vtnom);
    const double saturationCurrent = model.is * thermalFactor;
    const double saturationDensity = model.js * thermalFactor;
    const double pbo = (model.pb - shiftNominal) / fact1;
    const double oldGamma = (model.pb - pbo) / pbo;
    k.bulkPotential = fact2 * pbo + shift;
    const double newGamma = (k.bulkPotential - pbo) / pbo;
    auto scaled = [&](double value, double grading) {
        const double atNominal = value / (1.0 + grading * (4e-4 * (nominalKelvin - kReferenceKelvin) - oldGamma));
        return atNominal * (1.0 + grading * (4e-4 * (kelvin - kReferenceKelvin) - newGamma));
    };
    k.depletionThreshold = model.fc * k.bulkPotential;
    k.mj = model.mj;
    k.mjsw = model.mjsw;
    auto bottom = [&](const std::optional<double>& given, double area) {
        if (given) return scaled(*given, model.mj) * m;
        return model.cj ? scaled(*model.cj, model.mj) * area * m : 0.0;
    };
    auto sidewall = [&](double perimeter) { return model.cjsw ? scaled(*model.cjsw, model.mjsw) * perimeter * m : 0.0; };
    k.drain = junctionConstants(bottom(model.cbd, geometry.ad), sidewall(geometry.pd), model, k.bulkPotential,
                                k.depletionThreshold);
    k.source = junctionConstants(bottom(model.cbs, geometry.as), sidewall(geometry.ps), model, k.bulkPotential,
                                 k.depletionThreshold);
    const bool byDensity = saturationDensity != 0.0 && geometry.ad != 0.0 && geometry.as != 0.0;
    k.drain.saturationCurrent = m * (byDensity ? saturationDensity * geometry.ad : saturationCurrent);
    k.source.saturationCurrent = m * (byDensity ? saturationDensity * geometry.as : saturationCurrent);
    for (BulkJunction* j : {&k.drain, &k.source})
        j->vcrit = k.vt * std::log(k.vt / (std::numbers::sqrt2 * j->saturationCurrent));
    return k;
}

} // namespace cablespice::solver
