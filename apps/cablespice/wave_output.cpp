#include "apps/cablespice/wave_output.hpp"

#include "apps/engine/transient_samples.hpp"
#include "solver/analysis/sample_interpolation.hpp"
#include "solver/output/wav_file.hpp"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>
#include <system_error>

namespace cablespice::app {

namespace {

// 2 GiB of doubles in memory, and beyond what a WAV file's 32-bit sizes can hold at 16 bits.
constexpr double kMaxSamples = 2.5e8;

// The samples of one .wave file, interleaved; counts the samples clipped to +-1 per vector.
solver::WavData resample(const elab::WaveSpec& spec, const RecordedAnalysis& transient, std::vector<std::size_t>& clipped) {
    const auto& time = transient.scale;
    const double t0 = time.front(), span = time.back() - time.front();
    const auto frames = static_cast<std::size_t>(std::floor(span * spec.sampleRate * (1 + 1e-12))) + 1;
    const std::size_t channels = spec.vectors.size();
    solver::WavData data{spec.sampleRate, static_cast<int>(channels), std::vector<double>(frames * channels)};
    clipped.assign(channels, 0);
    for (std::size_t c = 0; c < channels; ++c) {
        auto values = vectorSamples(transient, spec.vectors[c]);
        for (std::size_t k = 0; k < frames; ++k) {
            double v = solver::interpolateSamples(time, values, t0 + static_cast<double>(k) / spec.sampleRate);
            if (std::abs(v) > 1.0) {
                ++clipped[c];
                v = std::copysign(1.0, v);
            }
            data.samples[k * channels + c] = v;
        }
    }
    return data;
}

} // namespace

void writeWaves(const elab::Deck& deck, const std::vector<RecordedAnalysis>& analyses, std::vector<Diagnostic>& diagnostics) {
    const RecordedAnalysis* transient = firstTransient(analyses);
    for (const auto& spec : deck.waves) {
        if (!transient || transient->points() == 0) {
            diagnostics.push_back(Diagnostic{Severity::Error, spec.origin, ".wave: no transient results to write", {}});
            continue;
        }
        const double frames = (transient->scale.back() - transient->scale.front()) * spec.sampleRate;
        if (frames * static_cast<double>(spec.vectors.size()) > kMaxSamples) {
            diagnostics.push_back(Diagnostic{Severity::Error, spec.origin,
                                             fmt::format(".wave: {:.3g} frames of {} channel(s) is more than {:g} samples",
                                                         frames, spec.vectors.size(), kMaxSamples),
                                             {}});
            continue;
        }
        std::vector<std::size_t> clipped;
        auto data = resample(spec, *transient, clipped);
        for (std::size_t c = 0; c < clipped.size(); ++c)
            if (clipped[c] > 0)
                diagnostics.push_back(Diagnostic{Severity::Warning, spec.vectors[c].origin,
                                                 fmt::format(".wave: {} of {} samples of {} are beyond +-1 full scale and "
                                                             "were clipped",
                                                             clipped[c], data.frames(), spec.vectors[c].text),
                                                 {}});
        try {
            solver::writeWav(spec.path, spec.bits, data);
        } catch (const std::exception& error) {
            diagnostics.push_back(Diagnostic{Severity::Error, spec.origin, std::string(".wave: ") + error.what(), {}});
        }
    }
}

} // namespace cablespice::app
