#include "solver/devices/diode_model.hpp"

#include "solver/devices/junction_temperature.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace cablespice::solver {

namespace {

// The knee voltage where the reverse current reaches IBV, matched by fixed-point iteration.
double breakdownKnee(double bv, double ibv, double saturationCurrent, double vt, double vte, double reltol) {
    if (ibv < saturationCurrent * bv / vt) return bv;
    const double tolerance = reltol * ibv;
    double knee = bv - vte * std::log(1.0 + ibv / saturationCurrent);
    for (int iteration = 0; iteration < 25; ++iteration) {
        knee = bv - vte * std::log(ibv / saturationCurrent + 1.0 - knee / vt);
        const double current = saturationCurrent * (std::exp((bv - knee) / vte) - 1.0 + knee / vt);
        if (std::abs(current - ibv) <= tolerance) break;
    }
    return knee;
}

} // namespace

DiodeConstants diodeConstants(const DiodeModelParameters& model, double area, double celsius, double nominalCelsius,
                              double reltol) {
    const double grading = std::min(model.m, 0.9);
    const double eg = std::max(model.eg, 0.1);
    const double fc = std::min(model.fc, 0.95);
    const double kelvin = celsius + kKelvinOffset;
    const double nominalKelvin = model.tnom.value_or(nominalCelsius) + kKelvinOffset;

    DiodeConstants d;
    d.vt = thermalVoltage(kelvin);
    d.vte = model.n * d.vt;
    d.grading = grading;
    const auto junction = junctionAt(model.vj, model.cjo * area, grading, kelvin, nominalKelvin);
    d.junctionPotential = junction.potential;
    d.junctionCapacitance = junction.capacitance;
    const double ratio = kelvin / nominalKelvin;
    d.saturationCurrent =
        model.is * area * std::exp((ratio - 1.0) * eg / d.vte + model.xti / model.n * std::log(ratio));
    const double logOneMinusFc = std::log(1.0 - fc);
    d.f1 = d.junctionPotential * (1.0 - std::exp((1.0 - grading) * logOneMinusFc)) / (1.0 - grading);
    d.depletionThreshold = fc * d.junctionPotential;
    d.vcrit = d.vte * std::log(d.vte / (std::numbers::sqrt2 * d.saturationCurrent));
    if (d.depletionThreshold > 1.0) {  // SPICE limits VJ(T) to 1/FC
        d.junctionPotential = 1.0 / fc;
        d.depletionThreshold = 1.0;
    }
    if (model.bv) d.breakdownVoltage = breakdownKnee(*model.bv, model.ibv, d.saturationCurrent, d.vt, d.vte, reltol);
    d.transitTime = model.tt;
    d.seriesConductance = model.rs > 0.0 ? area / model.rs : 0.0;
    d.f2 = std::exp((1.0 + grading) * logOneMinusFc);
    d.f3 = 1.0 - fc * (1.0 + grading);
    return d;
}

JunctionCurrent diodeCurrent(const DiodeConstants& d, double vd, double gmin) {
    JunctionCurrent j;
    const double is = d.saturationCurrent;
    if (vd >= -3.0 * d.vte) {  // forward and slightly reverse: the exponential
        const double e = std::exp(vd / d.vte);
        j.diffusionCurrent = is * (e - 1.0);
        j.diffusionConductance = is * e / d.vte;
    } else if (!d.breakdownVoltage || vd >= -*d.breakdownVoltage) {  // reverse: SPICE's cubic approach to -IS
        const double a = 3.0 * d.vte / (vd * std::numbers::e);
        const double cube = a * a * a;
        j.diffusionCurrent = -is * (1.0 + cube);
        j.diffusionConductance = is * 3.0 * cube / vd;
    } else {  // breakdown
        const double e = std::exp(-(*d.breakdownVoltage + vd) / d.vte);
        j.diffusionCurrent = -is * e;
        j.diffusionConductance = is * e / d.vte;
    }
    j.current = j.diffusionCurrent + gmin * vd;
    j.conductance = j.diffusionConductance + gmin;
    return j;
}

JunctionCharge diodeCharge(const DiodeConstants& d, double vd, const JunctionCurrent& current) {
    JunctionCharge q;
    const double czero = d.junctionCapacitance;
    const double m = d.grading;
    const double vj = d.junctionPotential;
    if (vd < d.depletionThreshold) {
        const double arg = 1.0 - vd / vj;
        const double sarg = std::exp(-m * std::log(arg));
        q.charge = vj * czero * (1.0 - arg * sarg) / (1.0 - m);
        q.capacitance = czero * sarg;
    } else {  // linear extrapolation of the capacitance above FC*VJ
        const double fcpb = d.depletionThreshold;
        const double czof2 = czero / d.f2;
        q.charge = czero * d.f1 + czof2 * (d.f3 * (vd - fcpb) + m / (2.0 * vj) * (vd * vd - fcpb * fcpb));
        q.capacitance = czof2 * (d.f3 + m * vd / vj);
    }
    q.charge += d.transitTime * current.diffusionCurrent;
    q.capacitance += d.transitTime * current.diffusionConductance;
    return q;
}

} // namespace cablespice::solver
