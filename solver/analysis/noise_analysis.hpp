#pragma once
#include "solver/analysis/analysis_spec.hpp"
#include "solver/analysis/frequency_sweep_stats.hpp"
#include "solver/analysis/operating_point.hpp"
#include "solver/analysis/solution_observer.hpp"
#include "solver/circuit/circuit.hpp"
#include "solver/support/outcome.hpp"

namespace cablespice::solver {

// `.noise`: at each frequency the AC matrix is factored once (FrequencySweep, on up to `threads`
// threads, the same numbers for any count) and one adjoint solve A^T y = e_out gives how every
// noise current reaches the output (NoiseDevice); y also gives the gain from the input source
// (y . its unit excitation). Reports, as ngspice names them:
// - a real plot "Noise Spectral Density Curves": frequency, onoise_spectrum (V/sqrt(Hz)),
//   inoise_spectrum (onoise over |gain|: V/sqrt(Hz) for a V source, A/sqrt(Hz) for an I source)
//   and, with spec.contributions, onoise_NAME of each noisy element; with PTS_PER_SUMMARY = N
//   every N-th frequency only (ngspice 39 writes it so);
// - a real plot "Integrated Noise" of one point: onoise_total and inoise_total [V or A rms] over
//   the sweep and, with spec.contributions, onoise_total_NAME and inoise_total_NAME. Each
//   element's density (each of its mechanisms: a diode's RS, shot and flicker noise) is
//   integrated on its own as a power law between points (ngspice's way), and the totals are the
//   sums of those integrals. Input-referred, both ends of an interval are
//   divided by the gain at its upper end, as ngspice does.
// spec.recordContributions computes the per-element vectors without spec.contributions, marked
// AnalysisInfo::recordedOnly (for --json, not printed or written).
// A sweep stopped by a solver failure ends the spectrum plot incomplete; no integrated plot.
// A nonlinear circuit is solved linearised at its operating point (`operatingPoint`, required
// then), where its diodes and transistors make their shot, flicker and resistance noise.
Outcome<FrequencySweepStats> runNoise(const Circuit& circuit, const NoiseSpec& spec, SolutionObserver& observer,
                                      int threads = 1, const OperatingPoint* operatingPoint = nullptr);

} // namespace cablespice::solver
