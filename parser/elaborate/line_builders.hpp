#pragma once
#include "parser/elaborate/card_reader.hpp"
#include "parser/elaborate/deck.hpp"
#include "parser/elaborate/elab_context.hpp"

namespace cablespice::elab {

// T: SPICE3 lossless line. `T1 a ra b rb Z0=50 TD=1n` or `... Z0=50 F=10meg [NL=0.25]`
// (TD = NL/F). Always the method-of-characteristics device (TransmissionLineLossless).
void buildLosslessLine(CardReader& reader, ElabContext& context);

// P: coupled multiconductor line, ngspice CPL card order:
//   P1 a1 ... aN refA b1 ... bN refB MODEL [len=L | length=L] [method=lumped|exact] [sections=N|auto]
// N is inferred from the node count (2N + 2). MODEL is a `.model NAME CPL (...)` card, or a
// `.model NAME cable (...)` card (cable_model_card.hpp), which fixes N: TYPE=PAIR is
//   P1 a1 b1 s1 ref1 a2 b2 s2 ref2 MODEL [len=] [dccs= dccs_rel= drleg= drleg_rel=] ...
// (leg a, leg b, shield against a remote reference) and TYPE=COAX `P1 c1 s1 ref1 c2 s2 ref2 MODEL`;
// the imbalance parameters override the model's.
// method=lumped (default) builds MtlLumped with `sections` pi sections; sections=auto (the
// default) is resolved after every card is read, from highestFrequencyOfInterest(deck):
// n = max(10, ceil(10 * len * f_max * sqrt(max eig(LC)))), i.e. ten sections per wavelength of the
// slowest mode at f_max, never fewer than 10, capped at kMaxAutoSections with a warning.
// A model with RS (skin effect) or GD (dielectric loss) gets MtlLumped's fitted cells over
// 10 Hz-10 MHz, or up to highestFrequencyOfInterest when that is higher; an error when the
// dielectric cells' capacitance correction C - kappa GD is not positive definite.
// method=exact builds MtlExactAc; a deck with .tran reports
// "method=exact supports .ac and .op only; use method=lumped" at the method= value.
void buildCoupledLine(CardReader& reader, ElabContext& context);

inline constexpr int kMinAutoSections = 10;
inline constexpr int kMaxAutoSections = 2000;

// The deck's highest frequency of interest [Hz]: the largest .ac or .noise FSTOP and, for each .tran,
// 1 / (2 * min(TSTEP, TMAX)) (the fastest detail the printed waveform can resolve). 0 when the
// deck has neither (.op/.dc only: the minimum section count is used).
double highestFrequencyOfInterest(const Deck& deck);

} // namespace cablespice::elab
