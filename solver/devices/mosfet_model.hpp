#pragma once
#include <optional>

namespace cablespice::solver {

// SPICE3 MOSFET model parameters of levels 1 (Shichman-Hodges) and 3 (semi-empirical), ngspice's
// names and defaults. An optional field is one whose absence changes a derivation (KP from
// UO*COX, VTO/GAMMA/PHI from NSUB, the junction capacitances from CJ*AD, the gate capacitances
// from TOX) or whose default depends on the level (MJSW, TOX).
struct MosfetModelParameters {
    int polarity = 1;                // +1 NMOS, -1 PMOS
    int level = 1;                   // SPICE3 level (1: Shichman-Hodges, 3: semi-empirical)
    std::optional<double> vto;       // zero-bias threshold [V] (default 0, or from NSUB)
    std::optional<double> kp;        // transconductance [A/V²] (default 2e-5, or UO*COX)
    std::optional<double> gamma;     // body-effect coefficient [sqrt(V)] (default 0, or from NSUB)
    std::optional<double> phi;       // surface potential [V] (default 0.6, or from NSUB)
    double lambda = 0.0;             // channel-length modulation [1/V]
    std::optional<double> rd, rs;    // drain and source resistances [ohm]
    std::optional<double> cbd, cbs;  // zero-bias bulk junction capacitances [F]
    double is = 1e-14;               // bulk junction saturation current [A]
    double pb = 0.8;                 // bulk junction potential [V]
    double cgso = 0.0, cgdo = 0.0;   // gate-source/drain overlap capacitance per width [F/m]
    double cgbo = 0.0;               // gate-bulk overlap capacitance per length [F/m]
    std::optional<double> rsh;       // drain/source diffusion sheet resistance [ohm/sq]
    std::optional<double> cj;        // bottom junction capacitance per area [F/m²]
    double mj = 0.5;                 // bottom grading coefficient
    std::optional<double> cjsw;      // sidewall junction capacitance per perimeter [F/m]
    std::optional<double> mjsw;      // sidewall grading coefficient (default 0.5; level 3: 0.33)
    double js = 0.0;                 // junction saturation current density [A/m²]
    std::optional<double> tox;       // oxide thickness [m] (none: no gate capacitance; level 3: 1e-7)
    std::optional<double> nsub;      // substrate doping [1/cm³]
    double nss = 0.0;                // surface state density [1/cm²]
    double tpg = 1.0;                // gate type: +1 opposite to substrate, -1 same, 0 aluminium
    double ld = 0.0;                 // lateral diffusion [m]
    std::optional<double> uo;        // surface mobility [cm²/Vs] (default 600)
    double fc = 0.5;                 // forward-bias depletion capacitance coefficient
    double kf = 0.0, af = 1.0;       // flicker noise (kept for .noise; no effect on op/dc/ac/tran)
    std::optional<double> tnom;      // nominal temperature [°C] (none: the circuit's)
    // Level 2 only.
    double uexp = 0.0;               // critical field exponent of the mobility reduction
    double ucrit = 1e4;              // critical field [V/cm]
    double neff = 1.0;               // total channel charge coefficient
    // Levels 2 and 3 (DELTA, VMAX, XJ, NFS) and level 3 alone.
    double theta = 0.0;              // mobility modulation by the gate field [1/V]
    double eta = 0.0;                // static feedback (drain-induced threshold shift)
    double kappa = 0.2;              // saturation field factor
    double delta = 0.0;              // width effect on the threshold
    double vmax = 0.0;               // maximum carrier drift velocity [m/s] (0: none)
    double xj = 0.0;                 // metallurgical junction depth [m]
    double nfs = 0.0;                // fast surface state density [1/cm²] (0: no weak inversion)
    double xl = 0.0, xw = 0.0;       // length and width mask adjustments [m]
    double wd = 0.0;                 // width narrowing by diffusion [m]
    double delvto = 0.0;             // threshold adjustment [V]
};

// Instance geometry, ngspice's element defaults (L = W = 100u, AD = AS = PD = PS = 0, NRD = NRS = 1).
struct MosfetGeometry {
    double l = 100e-6, w = 100e-6;
    double ad = 0.0, as = 0.0, pd = 0.0, ps = 0.0;
    double nrd = 1.0, nrs = 1.0;
    double m = 1.0;
};

// One bulk junction's depletion charge constants (bottom and sidewall, at temperature, times m).
struct BulkJunction {
    double bottom = 0.0, sidewall = 0.0;  // zero-bias capacitances [F]
    double f2 = 0.0, f3 = 0.0, f4 = 0.0;  // the linear extrapolation above FC*PB
    double saturationCurrent = 0.0;
    double vcrit = 0.0;
};

// One instance's constants at its temperature with W, L and m applied: what the load uses.
// Computed as ngspice's MOS1temp, MOS2temp and MOS3temp do.
struct MosfetConstants {
    int polarity = 1;
    int level = 1;
    double vt = 0.0;          // kT/q
    double beta = 0.0;        // KP(T) * m * Weff / Leff
    double lambda = 0.0;
    double gamma = 0.0;
    double phi = 0.0;         // surface potential at T
    double vbi = 0.0;         // built-in part of the threshold at T (polarity included)
    double vto = 0.0;         // threshold at T (polarity included)
    double oxideCap = 0.0;    // COX * Leff * Weff * m
    double gateSourceOverlap = 0.0, gateDrainOverlap = 0.0, gateBulkOverlap = 0.0;
    double drainConductance = 0.0, sourceConductance = 0.0;  // 0: no series resistance
    double bulkPotential = 0.0;     // PB at T
    double depletionThreshold = 0.0;  // FC * PB(T)
    double mj = 0.5, mjsw = 0.5;
    BulkJunction drain, source;
    double effectiveLength = 0.0, effectiveWidth = 0.0;  // L - 2 LD (+ XL), W (- 2 WD + XW): level 3's
    // Levels 2 and 3 (ngspice's MOS2/MOS3 load and temperature preprocessing).
    double ld = 0.0;
    double surfaceMobility = 0.0;   // UO(T) [cm²/Vs]
    double oxideCapFactor = 0.0;    // COX [F/m²]
    double eta = 0.0;               // ETA 8.15e-22 / (COX Leff³)
    double narrowFactor = 0.0;      // DELTA pi eps_si / (2 COX)
    double alpha = 0.0;             // 2 eps_si / (q NSUB), 0 without NSUB
    double depletionWidthCoefficient = 0.0;  // sqrt(alpha) (level 2's XD)
    double nominalMobility = 600.0;  // UO [cm²/Vs] (level 2 does not scale it)
    double delta = 0.0;              // DELTA (level 2 uses it as is)
    double uexp = 0.0, ucrit = 1e4, neff = 1.0;
    double theta = 0.0, kappa = 0.2, vmax = 0.0, xj = 0.0, nfs = 0.0;
};

// Out-of-range values are errors at the card (see mosfet_model_card); this only derives.
// Throws std::invalid_argument when NSUB is below the intrinsic density (ngspice: "Nsub < Ni").
MosfetConstants mosfetConstants(const MosfetModelParameters& model, const MosfetGeometry& geometry, double celsius,
                                double nominalCelsius);

} // namespace cablespice::solver
