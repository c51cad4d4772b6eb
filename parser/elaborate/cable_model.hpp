#pragma once
#include "solver/devices/mtl_parameters.hpp"

#include <optional>

namespace cablespice::elab {

// The datasheet -> RLGC conversion of `.model NAME cable (...)` (README "Cables").
//
// A shielded cable is an MTL whose conductors are the signal legs AND the shield, measured
// against a remote reference (the earth/chassis return the P card's ref nodes stand for). The
// shield is not ideal ground: its resistance and inductance carry ground-loop current, and the
// drop along it appears at the receiver (common-impedance coupling, the hum mechanism).
//
// Conductor order: pair (a, b, shield), coax (centre, shield).
//
// Inductance (partial inductances against the remote reference, per metre). Inside a closed
// tubular shield the field of the shield's own current is zero, so shield current links every
// inner conductor's loop exactly as much as the shield's own loop: L(leg, shield) = L(shield,
// shield) = lshield. A leg's self term adds its loop inside the shield (lloop), and the two legs
// of a pair share the fraction k of that loop flux:
//   L = lshield * ones + [ lloop    k*lloop  0 ]       coax: L = lshield * ones + [ lloop 0 ]
//                        [ k*lloop  lloop    0 ]                                  [ 0     0 ]
//                        [ 0        0        0 ]
// Hence d(v_leg - v_shield)/dz = -(R_leg i_leg - R_shield i_shield) - lloop d(i_leg + k i_other)/dt:
// shield current induces nothing inside the shield; only its resistive drop couples in (for a
// solid shield the transfer impedance at low frequency is its DC resistance).
//
// Capacitance (Maxwell form): partial capacitances leg-leg (ccc), leg-shield (csa, csb) and
// shield-reference (cshield); legs see the reference only through the shield:
//   C = [ ccc+csa  -ccc      -csa              ]      coax: C = [ ccs   -ccs          ]
//       [ -ccc     ccc+csb   -csb              ]                [ -ccs  ccs+cshield   ]
//       [ -csa     -csb      csa+csb+cshield   ]
// G has the same form with the dielectric conductances gcc, gcs (leg a), gcs*csb/ccs (leg b: same
// dielectric) and no shield-reference term.
// R = diag(ra, rb, rshield) (coax: diag(rleg, rshield)): separate conductors, no common return
// resistance (the reference is ideal; model the earth path outside the cable).
//
// Frequency dependence (MtlParameters): RS = rsleg on each leg's diagonal (the shield's own skin
// effect is not modelled); GD has G's form with gdcc, gdcs (TAND: GD = 2 pi TAND C, so
// G(f) = w C TAND).
//
// Shield transfer impedance ZT = rt + jw lt: the voltage per metre that current on the shield
// (returning outside the cable) drives around each leg-to-shield loop. With the matrices above
// it is Z(s,s) - Z(leg,s) = rshield, so the defaults rt = rshield, lt = 0 give them unchanged.
// Otherwise Z(leg,s) gains D = (rshield - rt) - jw lt and, so that each inner loop keeps its own
// impedance (Z(a,a) - 2 Z(a,s) + Z(s,s), and Z(a,b) - Z(a,s) - Z(b,s) + Z(s,s) between legs),
// Z(leg,leg') gains 2 D for every pair of legs (a = b included). Reciprocity: inner-loop current
// drives the same ZT along the shield's outer circuit.
//
// Imbalance: leg a has the nominal values; leg b = nominal * (1 + relative) + absolute.

enum class CableKind { Pair, Coax };

struct Imbalance {
    double absolute = 0.0;
    double relative = 0.0;
    double apply(double nominal) const { return nominal * (1.0 + relative) + absolute; }
};

// Per-metre values with every default and derivation already resolved (SI units).
struct CableDatasheet {
    CableKind kind = CableKind::Pair;
    double rleg = 0.0;     // ohm/m: each leg of a pair, the centre of a coax
    double rshield = 0.0;  // ohm/m
    double ccc = 0.0;      // F/m leg to leg (pair)
    double ccs = 0.0;      // F/m leg (centre) to shield
    double lloop = 0.0;    // H/m leg-to-shield loop inductance
    double k = 0.0;        // coupling of the two leg-shield loops (pair), 0 <= k < 1
    double lshield = 0.0;  // H/m shield against the remote reference
    double cshield = 0.0;  // F/m shield to the remote reference
    double gcc = 0.0;      // S/m leg to leg (pair)
    double gcs = 0.0;      // S/m leg (centre) to shield
    double gdcc = 0.0;     // S/m/Hz leg to leg (pair): dielectric loss proportional to f
    double gdcs = 0.0;     // S/m/Hz leg (centre) to shield
    double rsleg = 0.0;    // ohm/m/sqrt(Hz): skin effect of each leg or the centre
    std::optional<double> rt;  // ohm/m: shield transfer resistance (nullopt: rshield)
    double lt = 0.0;       // H/m: shield transfer (leakage) inductance
    Imbalance capacitance;  // leg b's capacitance to the shield [F/m for the absolute part]
    Imbalance resistance;   // leg b's resistance
};

// 3 (a, b, shield) or 2 (centre, shield).
int cableConductors(CableKind kind);

// lloop from a characteristic impedance. Coax: z0 = sqrt(lloop/ccs), so lloop = z0^2 ccs.
// Pair: z0 is the differential (balanced) impedance; with i_b = -i_a the loop inductance
// between the legs is 2 lloop (1 - k) and the capacitance between them ccc + ccs/2, so
// lloop = z0^2 (ccc + ccs/2) / (2 (1 - k)). Uses the nominal ccs (imbalance does not move L).
double loopInductanceFromZ0(CableKind kind, double z0, double ccc, double ccs, double k);

// Default shield-to-reference capacitance: the shield over the reference is an air-insulated
// line, so lshield * cshield = 1/c0^2.
double airLineCapacitance(double lshield);

// Conductance of a dielectric with loss tangent tand at frequency f: G = 2 pi f tand C.
double dielectricConductance(double tand, double frequency, double capacitance);

// GD [S/m/Hz] of a dielectric with loss tangent tand at every frequency: G(f) = GD f = w tand C.
double dielectricLossPerHertz(double tand, double capacitance);

// The per-metre R, L, G, C matrices (formulas above).
solver::MtlParameters cableMatrices(const CableDatasheet& cable);

} // namespace cablespice::elab
