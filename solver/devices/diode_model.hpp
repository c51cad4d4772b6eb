#pragma once
#include <optional>

namespace cablespice::solver {

// SPICE3 diode model parameters (ngspice level 1 names and defaults). Temperatures in °C.
struct DiodeModelParameters {
    double is = 1e-14;    // saturation current [A]
    double n = 1.0;       // emission coefficient
    double rs = 0.0;      // series resistance [ohm]
    double cjo = 0.0;     // zero-bias junction capacitance [F]
    double vj = 1.0;      // junction potential [V]
    double m = 0.5;       // grading coefficient
    double fc = 0.5;      // forward-bias depletion capacitance coefficient
    double tt = 0.0;      // transit time [s]
    std::optional<double> bv;  // reverse breakdown voltage [V] (none: no breakdown)
    double ibv = 1e-3;    // current at the breakdown voltage [A]
    double eg = 1.11;     // activation energy [eV]
    double xti = 3.0;     // saturation-current temperature exponent
    double kf = 0.0;      // flicker-noise coefficient (for .noise; no effect on op/dc/ac/tran)
    double af = 1.0;      // flicker-noise exponent
    std::optional<double> tnom;  // nominal temperature [°C] (none: the circuit's)
};

// One instance's constants at its temperature, area (times m=) already applied: what the
// junction equations use. Computed as ngspice's DIOtemp does (SPICE3 formulas for IS(T),
// VJ(T), CJO(T); breakdown knee matched to IBV).
struct DiodeConstants {
    double vt = 0.0;            // kT/q
    double vte = 0.0;           // N*vt
    double saturationCurrent = 0.0;
    double vcrit = 0.0;         // where limiting starts: vte*ln(vte/(sqrt(2)*IS))
    double junctionCapacitance = 0.0;
    double junctionPotential = 0.0;
    double grading = 0.5;
    double depletionThreshold = 0.0;  // FC*VJ: above it the capacitance is linearly extrapolated
    double f1 = 0.0, f2 = 0.0, f3 = 0.0;
    double transitTime = 0.0;
    std::optional<double> breakdownVoltage;  // the knee voltage matched to IBV
    double seriesConductance = 0.0;           // area/RS, 0 without RS
};

// Out-of-range parameters are limited as ngspice limits them (M <= 0.9, EG >= 0.1, FC <= 0.95).
DiodeConstants diodeConstants(const DiodeModelParameters& model, double area, double celsius,
                              double nominalCelsius, double reltol = 1e-3);

// The junction current (gmin included) and its derivative at junction voltage vd.
struct JunctionCurrent {
    double current = 0.0;
    double conductance = 0.0;
    double diffusionCurrent = 0.0;      // the exponential part without gmin (for the diffusion charge)
    double diffusionConductance = 0.0;
};
JunctionCurrent diodeCurrent(const DiodeConstants& d, double vd, double gmin);

// The junction charge (depletion + TT * diffusion current) and its derivative.
struct JunctionCharge {
    double charge = 0.0;
    double capacitance = 0.0;
};
JunctionCharge diodeCharge(const DiodeConstants& d, double vd, const JunctionCurrent& current);

} // namespace cablespice::solver
