#pragma once
#include <optional>

namespace cablespice::solver {

// ngspice's level-1 JFET model parameters (Shichman-Hodges with the Sydney University doping
// parameter B; names and defaults as ngspice 39). Temperatures in °C.
struct JfetModelParameters {
    bool pChannel = false;    // PJF (else NJF)
    double vto = -2.0;        // threshold (pinch-off) voltage [V]
    double beta = 1e-4;       // transconductance parameter [A/V²]
    double lambda = 0.0;      // channel-length modulation [1/V]
    double rd = 0.0;          // drain ohmic resistance [ohm]
    double rs = 0.0;          // source ohmic resistance [ohm]
    double cgs = 0.0;         // zero-bias gate-source junction capacitance [F]
    double cgd = 0.0;         // zero-bias gate-drain junction capacitance [F]
    double pb = 1.0;          // gate junction potential [V]
    double is = 1e-14;        // gate junction saturation current [A]
    double b = 1.0;           // doping tail parameter (1: the square law)
    double fc = 0.5;          // forward-bias depletion capacitance coefficient
    double kf = 0.0;          // flicker-noise coefficient (kept; no effect on op/dc/ac/tran)
    double af = 1.0;          // flicker-noise exponent
    int nlev = 2;             // channel noise formula: < 3 the SPICE 8kT gm/3, 3 ngspice's vds-dependent one
    double gdsnoi = 1.0;      // channel noise coefficient of NLEV = 3
    double tcv = 0.0;         // VTO temperature coefficient [V/K] (VTO(T) = VTO - TCV (T - TNOM))
    std::optional<double> vtotc;    // VTO temperature coefficient [V/K], wins over TCV: VTO + VTOTC (T - TNOM)
    double bex = 0.0;               // BETA temperature exponent: BETA (T/TNOM)^BEX
    std::optional<double> betatce;  // BETA exponential coefficient [%/K], wins over BEX: BETA 1.01^(BETATCE (T - TNOM))
    std::optional<double> xti;      // IS temperature exponent (ngspice applies it only when given)
    double eg = 1.11;               // activation energy [eV]
    std::optional<double> tnom;     // nominal temperature [°C] (none: the circuit's)
};

// One instance's constants at its temperature, with area times m applied to every current,
// conductance and capacitance (as ngspice scales its stamps), computed as ngspice's JFETtemp.
struct JfetConstants {
    double polarity = 1.0;          // +1 NJF, -1 PJF
    double vt = 0.0;                // kT/q at the device temperature
    double saturationCurrent = 0.0; // IS(T) * area * m
    double vcrit = 0.0;             // pn limiting starts here (from IS(T) of one unit, as ngspice)
    double threshold = 0.0;         // VTO(T)
    double beta = 0.0;              // BETA(T) * area * m
    double lambda = 0.0;
    double b = 1.0;
    double bFactor = 0.0;           // (1 - B) / (PB - VTO), from the nominal PB and VTO (as ngspice)
    double gatePotential = 0.0;     // PB(T)
    double cgs = 0.0, cgd = 0.0;    // CGS(T), CGD(T) times area * m
    double depletionThreshold = 0.0;  // FC * PB(T): above it the capacitance is extrapolated linearly
    double f1 = 0.0, f2 = 0.0, f3 = 0.0;
    double drainConductance = 0.0;  // area * m / RD, 0 without RD
    double sourceConductance = 0.0; // area * m / RS, 0 without RS
};

// FC is limited to 0.95 as ngspice does.
JfetConstants jfetConstants(const JfetModelParameters& model, double areaTimesM, double celsius, double nominalCelsius);

// The drain current of the n-channel equations from drain to source at (vgs, vds), and its
// derivatives gm = d/dvgs and gds = d/dvds.
struct DrainCurrent {
    double current = 0.0;
    double gm = 0.0;
    double gds = 0.0;
};
DrainCurrent jfetDrainCurrent(const JfetConstants& j, double vgs, double vds);

// A gate junction's current (gmin across it included) and conductance at v (n-channel sense).
struct GateJunction {
    double current = 0.0;
    double conductance = 0.0;
    double charge = 0.0;
    double capacitance = 0.0;
};
GateJunction jfetGateJunction(const JfetConstants& j, double zeroBiasCapacitance, double v, double gmin);

// ngspice's choice of channel thermal noise (model NLEV, GDSNOI).
struct JfetChannelNoise {
    int level = 2;
    double gdsnoi = 1.0;
};

// The conductance whose thermal noise 4kTG is the channel's (ngspice 39 jfetnoi.c), in the
// n-channel sense at (vgs, vds) with gm there: NLEV < 3, 2/3 |gm| (SPICE's 8kT gm/3); NLEV = 3,
// 2/3 BETA (VGS - VTO) (1 + a + a^2)/(1 + a) GDSNOI with a = 1 - VDS/(VGS - VTO) in the linear
// region and 0 in saturation. A pinched-off channel (VGS < VTO) makes no noise (ngspice would
// give a negative density there).
double jfetChannelNoiseConductance(const JfetConstants& j, const JfetChannelNoise& noise, double vgs, double vds,
                                   double gm);

} // namespace cablespice::solver
