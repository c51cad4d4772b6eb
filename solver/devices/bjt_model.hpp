#pragma once
#include <optional>

namespace cablespice::solver {

// SPICE3 Gummel-Poon bipolar transistor parameters, ngspice 39's names and defaults.
// Temperatures in °C. An Early voltage, knee current or VTF of 0 (or absent) means infinity.
struct BjtModelParameters {
    int polarity = 1;     // +1 NPN, -1 PNP
    int substrate = 0;    // +1 vertical, -1 lateral, 0: ngspice's default (NPN vertical, PNP lateral)
    double is = 1e-16;    // transport saturation current [A]
    double bf = 100.0;    // ideal forward beta
    double nf = 1.0;      // forward emission coefficient
    double vaf = 0.0;     // forward Early voltage [V] (0: none)
    double ikf = 0.0;     // forward beta roll-off corner current [A] (0: none)
    double ise = 0.0;     // B-E leakage saturation current [A] (> 1e-4: a multiple of IS, as ngspice reads it)
    double ne = 1.5;      // B-E leakage emission coefficient
    double br = 1.0;      // ideal reverse beta
    double nr = 1.0;      // reverse emission coefficient
    double var = 0.0;     // reverse Early voltage [V]
    double ikr = 0.0;     // reverse beta roll-off corner current [A]
    double isc = 0.0;     // B-C leakage saturation current [A] (> 1e-4: a multiple of IS)
    double nc = 2.0;      // B-C leakage emission coefficient
    double rb = 0.0;      // zero-bias base resistance [ohm]
    double irb = 0.0;     // current where the base resistance is halfway to RBM [A] (0: none)
    std::optional<double> rbm;  // minimum base resistance [ohm] (none: RB)
    double re = 0.0, rc = 0.0;  // emitter and collector resistances [ohm]
    double cje = 0.0, vje = 0.75, mje = 0.33;  // B-E depletion capacitance
    double cjc = 0.0, vjc = 0.75, mjc = 0.33;  // B-C depletion capacitance
    double xcjc = 1.0;    // fraction of CJC at the internal base
    double cjs = 0.0, vjs = 0.75, mjs = 0.0;   // substrate junction capacitance
    double tf = 0.0;      // ideal forward transit time [s]
    double xtf = 0.0;     // bias dependence of TF
    double vtf = 0.0;     // VBC dependence of TF [V] (0: none)
    double itf = 0.0;     // high-current dependence of TF [A]
    double ptf = 0.0;     // excess phase at 1/(2 pi TF) [deg] (0: none)
    double tr = 0.0;      // ideal reverse transit time [s]
    double eg = 1.11;     // energy gap for IS(T) [eV]
    double xti = 3.0;     // IS temperature exponent
    double xtb = 0.0;     // beta temperature exponent
    double fc = 0.5;      // forward-bias depletion capacitance coefficient
    double kf = 0.0;      // flicker-noise coefficient (for .noise; no effect on op/dc/ac/tran)
    double af = 1.0;      // flicker-noise exponent
    std::optional<double> tnom;  // nominal temperature [°C] (none: the circuit's)
};

// A depletion junction at temperature: charge and capacitance with SPICE's linear
// extrapolation above FC*VJ.
struct DepletionJunction {
    double capacitance = 0.0;  // zero-bias
    double potential = 0.75;
    double grading = 0.33;
    double threshold = 0.0;    // FC*VJ
    double f1 = 0.0, f2 = 1.0, f3 = 1.0;
};

// One instance's constants at its temperature and area (ngspice's BJTtemp): what the
// Gummel-Poon equations use. m= is not in here: the device multiplies its stamps by it.
struct BjtConstants {
    int polarity = 1;
    int substrate = 1;     // +1 vertical (substrate junction to the collector), -1 lateral (to the base)
    double vt = 0.0;
    double vcrit = 0.0;    // pnjlim's critical voltage: vt ln(vt/(sqrt(2) IS(T)))
    double beSaturation = 0.0, bcSaturation = 0.0;
    double beLeakage = 0.0, bcLeakage = 0.0;
    double nf = 1.0, nr = 1.0, ne = 1.5, nc = 2.0;
    double betaF = 100.0, betaR = 1.0;
    double invEarlyF = 0.0, invEarlyR = 0.0;
    double invKneeF = 0.0, invKneeR = 0.0;
    double baseResistance = 0.0, minBaseResistance = 0.0, baseHalfCurrent = 0.0;
    double collectorConductance = 0.0, emitterConductance = 0.0;
    DepletionJunction be, bc, sub;
    double xcjc = 1.0;
    double tf = 0.0, xtf = 0.0, tfVbcFactor = 0.0, itf = 0.0, tr = 0.0;
    double excessPhaseDelay = 0.0;  // td = PTF (in radians) * TF [s] (0: no excess phase)
};

// Out-of-range grading coefficients are limited to 0.999 and FC to 0.9999, as ngspice does.
BjtConstants bjtConstants(const BjtModelParameters& model, double area, double celsius, double nominalCelsius);

// Branch voltages in the device's own polarity (NPN sense): vbe = b'-e', vbc = b'-c',
// vbx = b-c' (the external base), vsub = substrate junction, vbb = b-b' (across the base resistance).
struct BjtVoltages {
    double vbe = 0.0, vbc = 0.0, vbx = 0.0, vsub = 0.0, vbb = 0.0;
};

// A value and its derivatives with respect to vbe and vbc.
struct BjtQuantity {
    double value = 0.0, dVbe = 0.0, dVbc = 0.0;
};

// Everything the device stamps at one point (one transistor, before m=).
struct BjtEvaluation {
    BjtQuantity collector;   // current into c' (from outside, through the transistor to e')
    BjtQuantity base;        // current into b' (to e' and c')
    BjtQuantity baseConductance;  // 1/rbb', with its dependence on vbe, vbc (through qb and cb)
    double substrateCurrent = 0.0, substrateConductance = 0.0;  // gmin across the substrate junction
    BjtQuantity qbe;         // B-E charge (depletion + diffusion)
    BjtQuantity qbc;         // internal B-C charge (depletion share XCJC + TR diffusion)
    double qbx = 0.0, capbx = 0.0;    // external B-C depletion charge (1 - XCJC)
    double qsub = 0.0, capsub = 0.0;  // substrate charge
};

BjtEvaluation evaluateBjt(const BjtConstants& k, const BjtVoltages& v, double gmin);

// The forward transport current I_BE/qb at v with its derivatives: the part of the collector
// current excess phase delays. Apart from evaluateBjt, whose result it would enlarge (the device
// copies that on every load); only a device with excess phase needs it.
BjtQuantity forwardTransport(const BjtConstants& k, const BjtVoltages& v);

// Depletion charge and capacitance at v (exposed for tests).
struct DepletionCharge {
    double charge = 0.0, capacitance = 0.0;
};
DepletionCharge depletionCharge(const DepletionJunction& j, double v);

} // namespace cablespice::solver
