#include "solver/analysis/frequency_grid.hpp"

#include <cmath>

namespace cablespice::solver {

namespace {

// Upper bound on the number of points, against pathological input (a ratio of 1, a step of 0).
constexpr std::size_t kMaxPoints = 100'000'000;

std::vector<double> geometricPoints(double fstart, double fstop, double ratio, double reltol) {
    if (!(ratio > 1.0) || !std::isfinite(ratio)) return {fstart};
    const double tolerance = ratio * fstop * reltol;
    std::vector<double> points;
    points.reserve(static_cast<std::size_t>(std::log(fstop / fstart) / std::log(ratio)) + 2);
    for (double f = fstart; f <= fstop + tolerance && points.size() < kMaxPoints; f *= ratio) points.push_back(f);
    return points;
}

std::vector<double> decadePoints(const AcSpec& spec, double reltol) {
    if (spec.fstart <= 0.0 || spec.fstop < spec.fstart) return {};
    const double steps = std::floor(std::fabs(std::log10(spec.fstop / spec.fstart)) * spec.points);
    if (steps < 1.0) return {spec.fstart};
    const double ratio = std::exp(std::log(spec.fstop / spec.fstart) / steps);
    return geometricPoints(spec.fstart, spec.fstop, ratio, reltol);
}

std::vector<double> octavePoints(const AcSpec& spec, double reltol) {
    if (spec.fstart <= 0.0 || spec.fstop < spec.fstart) return {};
    const double ratio = std::exp(std::log(2.0) / spec.points);
    return geometricPoints(spec.fstart, spec.fstop, ratio, reltol);
}

std::vector<double> linearPoints(const AcSpec& spec, double reltol) {
    if (spec.fstop < spec.fstart) return {};
    if (spec.points <= 1 || spec.fstop == spec.fstart) return {spec.fstart};
    const double step = (spec.fstop - spec.fstart) / (spec.points - 1);
    const double tolerance = step * reltol;
    std::vector<double> points;
    points.reserve(static_cast<std::size_t>(spec.points));
    for (double f = spec.fstart; f <= spec.fstop + tolerance && points.size() < kMaxPoints; f += step)
        points.push_back(f);
    return points;
}

} // namespace

std::vector<double> frequencyPoints(const AcSpec& spec, double reltol) {
    const AcSpec checked{spec.grid, spec.points < 1 ? 1 : spec.points, spec.fstart, spec.fstop};
    switch (checked.grid) {
    case FrequencyGrid::Decade: return decadePoints(checked, reltol);
    case FrequencyGrid::Octave: return octavePoints(checked, reltol);
    case FrequencyGrid::Linear: return linearPoints(checked, reltol);
    }
    return {};
}

} // namespace cablespice::solver
