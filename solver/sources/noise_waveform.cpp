#include "solver/sources/noise_waveform.hpp"

#include <algorithm>
#include <cmath>

namespace cablespice::solver {

namespace {

// Indices k with from <= first + k*period <= to (none when first > to).
void gridCorners(double first, double period, double from, double to, std::vector<double>& out) {
    double k = std::max(0.0, std::ceil((from - first) / period));
    for (double t = first + k * period; t <= to; t = first + (++k) * period)
        if (t >= from) out.push_back(t);
}

} // namespace

// Independent generators of one source: white samples use the source's own.
constexpr std::uint64_t kFlickerPurpose = 1;
constexpr std::uint64_t kTelegraphPurpose = 2;

TrnoiseWaveform::TrnoiseWaveform(TrnoiseParameters parameters, CounterRandom random) : p_(parameters), random_(random) {
    if (p_.flickerAmplitude > 0.0)
        flicker_.emplace(p_.flickerExponent, p_.flickerAmplitude, random_.derived(kFlickerPurpose),
                         flickerLength(p_.horizonSeconds, p_.sampleSeconds));
    if (p_.rtsAmplitude > 0.0)
        telegraph_.emplace(p_.captureSeconds, p_.emissionSeconds, random_.derived(kTelegraphPurpose), p_.horizonSeconds);
}

std::size_t TrnoiseWaveform::flickerLength(double horizonSeconds, double sampleSeconds) {
    return static_cast<std::size_t>(std::floor(horizonSeconds / sampleSeconds)) + 10;
}

double TrnoiseWaveform::sample(std::uint64_t k) const {
    if (k == 0) return 0.0;
    double x = p_.rms == 0.0 ? 0.0 : p_.rms * random_.normal(k);
    if (flicker_) x += flicker_->at(k) - flicker_->at(0);
    return x;
}

double TrnoiseWaveform::sampledNoise(double time) const {
    if (time <= 0.0 || !sampled()) return 0.0;
    const double position = time / p_.sampleSeconds;
    const auto k = static_cast<std::uint64_t>(std::floor(position));
    const double fraction = position - static_cast<double>(k);
    return (1.0 - fraction) * sample(k) + fraction * sample(k + 1);
}

double TrnoiseWaveform::value(double time) const {
    const double rts = telegraph_ && telegraph_->high(time) ? p_.rtsAmplitude : 0.0;
    return p_.dc + sampledNoise(time) + rts;
}

void TrnoiseWaveform::breakpoints(double from, double to, std::vector<double>& out) const {
    if (sampled()) gridCorners(0.0, p_.sampleSeconds, from, to, out);
    if (telegraph_) telegraph_->breakpoints(from, to, out);
}

double TrrandomWaveform::draw(std::uint64_t k) const {
    switch (p_.distribution) {
    case RandomDistribution::Uniform: return p_.param1 * (2.0 * random_.uniform(k) - 1.0);
    case RandomDistribution::Gaussian: return p_.param1 * random_.normal(k);
    case RandomDistribution::Exponential: return random_.exponential(k, p_.param1);
    case RandomDistribution::Poisson: return random_.poisson(k, p_.param1);
    }
    return 0.0;
}

// Sample k holds on (TD + k*TS, TD + (k+1)*TS]; at TD itself the value is still the offset.
// A time within 1e-9 TS of a corner (as TD + k*TS is computed) counts as the corner.
double TrrandomWaveform::value(double time) const {
    const double base = p_.dc + p_.param2;
    const double position = (time - p_.delaySeconds) / p_.sampleSeconds;
    if (position <= 1e-9) return base;
    const auto k = static_cast<std::uint64_t>(std::max(0.0, std::ceil(position - 1e-9) - 1.0));
    return base + draw(k);
}

void TrrandomWaveform::breakpoints(double from, double to, std::vector<double>& out) const {
    gridCorners(p_.delaySeconds, p_.sampleSeconds, from, to, out);
}

} // namespace cablespice::solver
