#pragma once
#include "solver/analysis/analysis_spec.hpp"

#include <vector>

namespace cablespice::solver {

// The AC frequencies of `.ac dec|oct|lin N fstart fstop`, reproducing ngspice (acan.c, ngspice-39):
//
// - dec: steps = floor(|log10(fstop/fstart)| * N) and ratio = (fstop/fstart)^(1/steps), so the grid is
//   stretched to end exactly on fstop (`ac dec 10 1 1005` gives 31 points ending at 1005).
// - oct: ratio = 2^(1/N) from fstart; fstop is included when the grid reaches it within
//   ratio * fstop * reltol (so `ac oct 1 1 7.99` ends at 8).
// - lin: N points from fstart to fstop inclusive (step (fstop-fstart)/(N-1)); N <= 1 gives fstart.
//
// Points are accumulated the way ngspice does (repeated multiply/add), so the values match its
// output bit for bit up to libm differences. Deliberate deviations, where ngspice misbehaves:
// `lin 2` gives both ends (ngspice gives only fstart), and a decade sweep with fewer than one step
// (fstop/fstart < 10^(1/N)) gives fstart alone (ngspice loops forever or gives nothing).
// fstart <= 0 for dec/oct, or fstop < fstart, gives no points (the elaborator rejects both).
std::vector<double> frequencyPoints(const AcSpec& spec, double reltol = 1e-3);

} // namespace cablespice::solver
