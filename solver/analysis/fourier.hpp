#pragma once
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace cablespice::solver {

// One row of a Fourier table, as ngspice's `fourier` prints it: magnitude and phase (degrees,
// of a sine: a*sin(wt + phase)) of harmonic `number`, and both relative to the fundamental.
struct FourierHarmonic {
    int number = 0;
    double frequency = 0.0;
    double magnitude = 0.0;
    double phase = 0.0;
    double normalizedMagnitude = 0.0;
    double normalizedPhase = 0.0;
};

struct FourierResult {
    std::vector<FourierHarmonic> harmonics;  // DC (number 0) and harmonics 1 .. count-1
    double thd = 0.0;                        // sqrt(sum of normalized magnitudes^2, n >= 2), a fraction
    int gridSize = 0;                        // uniform points the waveform was interpolated on
    int periods = 1;                         // whole periods of the fundamental analysed
};

// What to analyse: `count` rows as ngspice's nfreqs (DC and harmonics 1..count-1, default 10);
// the `periods` whole periods of `fundamental` that end at `end`, linearly interpolated on
// `pointsPerPeriod` points each (ngspice: one period before the last time point, 200 points,
// interpolation degree 1).
struct FourierRequest {
    double fundamental = 0.0;
    int count = 10;
    double end = 0.0;
    int periods = 1;
    int pointsPerPeriod = 200;
};

struct FourierOutcome {
    std::optional<FourierResult> result;
    std::string error;  // why there is no result
};

// Fourier coefficients of the samples (time ascending) over the requested window.
FourierOutcome fourierAnalysis(std::span<const double> time, std::span<const double> value, const FourierRequest& request);

// The whole periods of `fundamental` that fit in [from, to] (0 when none).
int wholePeriods(double from, double to, double fundamental);

} // namespace cablespice::solver
