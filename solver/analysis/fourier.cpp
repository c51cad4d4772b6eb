#include "solver/analysis/fourier.hpp"

#include "solver/analysis/sample_interpolation.hpp"
#include "solver/output/complex_parts.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <numbers>

namespace cablespice::solver {

int wholePeriods(double from, double to, double fundamental) {
    if (!(to > from) || !(fundamental > 0.0)) return 0;
    // A window meant to be whole periods may miss by rounding of FROM/TO.
    return static_cast<int>(std::floor((to - from) * fundamental * (1.0 + 1e-9)));
}

FourierOutcome fourierAnalysis(std::span<const double> time, std::span<const double> value, const FourierRequest& request) {
    if (time.empty() || time.size() != value.size()) return {std::nullopt, "no samples to analyse"};
    if (!(request.fundamental > 0.0)) return {std::nullopt, "the fundamental frequency must be positive"};
    if (request.count < 2) return {std::nullopt, "at least 2 harmonics (DC and the fundamental) are needed"};
    const double period = 1.0 / request.fundamental;
    const double length = request.periods * period;
    const double start = request.end - length;
    if (request.periods < 1 || start < time.front() - 1e-12 * length)
        return {std::nullopt, fmt::format("the waveform spans {:g} s, shorter than {} period(s) of {:g} Hz ({:g} s)",
                                          time.back() - time.front(), std::max(request.periods, 1), request.fundamental,
                                          length)};

    const int n = request.periods * request.pointsPerPeriod;
    std::vector<double> grid(static_cast<std::size_t>(n));
    const double dt = length / n;
    for (int i = 0; i < n; ++i) grid[static_cast<std::size_t>(i)] = interpolateSamples(time, value, start + i * dt);

    FourierResult result;
    result.gridSize = n;
    result.periods = request.periods;
    result.harmonics.resize(static_cast<std::size_t>(request.count));
    for (int h = 0; h < request.count; ++h) {
        double sine = 0.0, cosine = 0.0;
        // Harmonic h of the fundamental is bin h*periods of the grid's DFT.
        const double step = 2.0 * std::numbers::pi * h * request.periods / n;
        for (int i = 0; i < n; ++i) {
            sine += grid[static_cast<std::size_t>(i)] * std::sin(step * i);
            cosine += grid[static_cast<std::size_t>(i)] * std::cos(step * i);
        }
        auto& row = result.harmonics[static_cast<std::size_t>(h)];
        row.number = h;
        row.frequency = h * request.fundamental;
        if (h == 0) {
            row.frequency = 0.0;
            row.magnitude = cosine / n;
            continue;
        }
        sine *= 2.0 / n;
        cosine *= 2.0 / n;
        row.magnitude = std::hypot(sine, cosine);
        row.phase = phaseDegrees({sine, cosine});  // the phase of sine + j cosine
    }
    const auto& fundamental = result.harmonics[1];
    double sum = 0.0;
    for (int h = 1; h < request.count; ++h) {
        auto& row = result.harmonics[static_cast<std::size_t>(h)];
        row.normalizedMagnitude = row.magnitude / fundamental.magnitude;
        row.normalizedPhase = row.phase - fundamental.phase;
        if (h > 1) sum += row.normalizedMagnitude * row.normalizedMagnitude;
    }
    result.thd = std::sqrt(sum);
    return {std::move(result), {}};
}

} // namespace cablespice::solver
