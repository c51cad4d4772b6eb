#include "solver/devices/jfet_model.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace cablespice::solver {

namespace {

// ngspice 39's constants (CODATA 2014), as the diode uses.
constexpr double kCharge = 1.6021766208e-19;
constexpr double kBoltzmann = 1.38064852e-23;
constexpr double kKelvinOffset = 273.15;
constexpr double kReferenceKelvin = 300.15;  // SPICE's REFTEMP
constexpr double kGrading = 0.5;             // the JFET's gate junctions are abrupt

double thermalVoltage(double kelvin) { return kBoltzmann * kelvin / kCharge; }

// SPICE3's junction-potential temperature term (the diode's and the JFET's alike).
double potentialShift(double kelvin) {
    const double gap = 1.16 - 7.02e-4 * kelvin * kelvin / (kelvin + 1108.0);
    const double arg = -gap / (2.0 * kBoltzmann * kelvin) + 1.1150877 / (kBoltzmann * 2.0 * kReferenceKelvin);
    return -2.0 * thermalVoltage(kelvin) * (1.5 * std::log(kelvin / kReferenceKelvin) + kCharge * arg);
}

// PB at T and the factor CGS/CGD are multiplied by, from TNOM through the reference temperature.
struct GateAtTemperature {
    double potential, capacitanceFactor;
};
GateAtTemperature gateAt(double pb, double kelvin, double nominalKelvin) {
    const double nominalFactor = nominalKelvin / kReferenceKelvin;
    const double reference = (pb - potentialShift(nominalKelvin)) / nominalFactor;
    const double oldGamma = (pb - reference) / reference;
    const double toReference = 1.0 / (1.0 + kGrading * (4e-4 * (nominalKelvin - kReferenceKelvin) - oldGamma));
    const double potential = kelvin / kReferenceKelvin * reference + potentialShift(kelvin);
    const double newGamma = (potential - reference) / reference;
    return {potential, toReference * (1.0 + kGrading * (4e-4 * (kelvin - kReferenceKelvin) - newGamma))};
}

double thresholdAt(const JfetModelParameters& model, double kelvin, double nominalKelvin) {
    const double delta = kelvin - nominalKelvin;
    if (model.vtotc) return model.vto + *model.vtotc * delta;
    return model.vto - model.tcv * delta;
}

double betaAt(const JfetModelParameters& model, double kelvin, double nominalKelvin) {
    if (model.betatce) return model.beta * std::pow(1.01, *model.betatce * (kelvin - nominalKelvin));
    return model.beta * std::pow(kelvin / nominalKelvin, model.bex);
}

// The square-law (B = 1) or doping-tail current from drain to source for vds >= 0, with
// derivatives by vgst = vgs - VTO and by vds.
DrainCurrent forwardCurrent(const JfetConstants& j, double vgst, double vds) {
    if (vgst <= 0.0) return {};
    const double betaP = j.beta * (1.0 + j.lambda * vds);
    if (vgst >= vds) {  // linear region
        const double a = 2.0 * j.b + 3.0 * j.bFactor * (vgst - vds);
        const double core = vds * (vds * (j.bFactor * vds - j.b) + vgst * a);
        return {betaP * core, betaP * vds * (a + 3.0 * j.bFactor * vgst),
                betaP * (vgst - vds) * a + j.beta * j.lambda * core};
    }
    const double core = vgst * vgst * (j.b + j.bFactor * vgst);  // saturation
    return {betaP * core, betaP * vgst * (2.0 * j.b + 3.0 * j.bFactor * vgst), j.beta * j.lambda * core};
}

} // namespace

JfetConstants jfetConstants(const JfetModelParameters& model, double areaTimesM, double celsius, double nominalCelsius) {
    const double kelvin = celsius + kKelvinOffset;
    const double nominalKelvin = model.tnom.value_or(nominalCelsius) + kKelvinOffset;
    const double fc = std::min(model.fc, 0.95);
    JfetConstants j;
    j.polarity = model.pChannel ? -1.0 : 1.0;
    j.vt = thermalVoltage(kelvin);
    const double ratio = kelvin / nominalKelvin;
    double unitSaturation = model.is * std::exp((ratio - 1.0) * model.eg / j.vt);
    if (model.xti) unitSaturation *= std::pow(ratio, *model.xti);
    j.saturationCurrent = unitSaturation * areaTimesM;
    j.vcrit = j.vt * std::log(j.vt / (std::numbers::sqrt2 * unitSaturation));
    j.threshold = thresholdAt(model, kelvin, nominalKelvin);
    j.beta = betaAt(model, kelvin, nominalKelvin) * areaTimesM;
    j.lambda = model.lambda;
    j.b = model.b;
    j.bFactor = model.b == 1.0 ? 0.0 : (1.0 - model.b) / (model.pb - model.vto);
    const auto gate = gateAt(model.pb, kelvin, nominalKelvin);
    j.gatePotential = gate.potential;
    j.cgs = model.cgs * gate.capacitanceFactor * areaTimesM;
    j.cgd = model.cgd * gate.capacitanceFactor * areaTimesM;
    const double logOneMinusFc = std::log(1.0 - fc);
    j.depletionThreshold = fc * gate.potential;
    j.f1 = gate.potential * (1.0 - std::exp((1.0 - kGrading) * logOneMinusFc)) / (1.0 - kGrading);
    j.f2 = std::exp((1.0 + kGrading) * logOneMinusFc);
    j.f3 = 1.0 - fc * (1.0 + kGrading);
    j.drainConductance = model.rd > 0.0 ? areaTimesM / model.rd : 0.0;
    j.sourceConductance = model.rs > 0.0 ? areaTimesM / model.rs : 0.0;
    return j;
}

// Reverse (vds < 0): the channel is symmetric, so the current is the forward one with drain and
// source swapped, vgd in place of vgs; by the chain rule d/dvgs = -dF/dvgst and
// d/dvds = dF/dvgst + dF/dvsd.
DrainCurrent jfetDrainCurrent(const JfetConstants& j, double vgs, double vds) {
    if (vds >= 0.0) return forwardCurrent(j, vgs - j.threshold, vds);
    const auto reverse = forwardCurrent(j, vgs - vds - j.threshold, -vds);
    return {-reverse.current, -reverse.gm, reverse.gm + reverse.gds};
}

GateJunction jfetGateJunction(const JfetConstants& j, double zeroBiasCapacitance, double v, double gmin) {
    GateJunction g;
    const double is = j.saturationCurrent;
    if (v < -3.0 * j.vt) {  // SPICE's cubic approach to -IS
        const double a = 3.0 * j.vt / (v * std::numbers::e);
        const double cube = a * a * a;
        g.current = -is * (1.0 + cube);
        g.conductance = is * 3.0 * cube / v;
    } else {
        const double e = std::exp(v / j.vt);
        g.current = is * (e - 1.0);
        g.conductance = is * e / j.vt;
    }
    g.current += gmin * v;
    g.conductance += gmin;
    const double pb = j.gatePotential;
    if (v < j.depletionThreshold) {
        const double root = std::sqrt(1.0 - v / pb);
        g.charge = 2.0 * pb * zeroBiasCapacitance * (1.0 - root);
        g.capacitance = zeroBiasCapacitance / root;
        return g;
    }
    const double fcpb = j.depletionThreshold;
    const double scaled = zeroBiasCapacitance / j.f2;
    g.charge = zeroBiasCapacitance * j.f1 + scaled * (j.f3 * (v - fcpb) + (v * v - fcpb * fcpb) / (4.0 * pb));
    g.capacitance = scaled * (j.f3 + v / (2.0 * pb));
    return g;
}

double jfetChannelNoiseConductance(const JfetConstants& j, const JfetChannelNoise& noise, double vgs, double vds,
                                   double gm) {
    if (noise.level < 3) return 2.0 / 3.0 * std::abs(gm);
    const double vgst = vgs - j.threshold;
    if (vgst <= 0.0) return 0.0;
    const double a = vgst >= vds ? 1.0 - vds / vgst : 0.0;
    return 2.0 / 3.0 * j.beta * vgst * (1.0 + a + a * a) / (1.0 + a) * noise.gdsnoi;
}

} // namespace cablespice::solver
