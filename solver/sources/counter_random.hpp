#pragma once
#include <cstdint>
#include <string_view>

namespace cablespice::solver {

// Random numbers as pure functions of (seed, stream, index): a waveform can be evaluated at
// any time, in any order and on any thread, and a run is the same for the same seed. The
// mixing is SplitMix64's finalizer; streams (one per source) come from the element name.
class CounterRandom {
public:
    CounterRandom(std::uint64_t seed, std::uint64_t stream) : key_(mix(seed ^ mix(stream + 0x9e3779b97f4a7c15ULL))) {}

    // Uniform in (0, 1), never 0 or 1.
    double uniform(std::uint64_t index) const;
    // Standard normal (Box-Muller on uniforms 2k and 2k+1).
    double normal(std::uint64_t index) const;
    // Exponential with the given mean.
    double exponential(std::uint64_t index, double mean) const;
    // Poisson with mean lambda (counting unit-rate exponential arrivals up to lambda).
    double poisson(std::uint64_t index, double lambda) const;

    // An independent generator for another purpose of the same source (e.g. the 1/f noise
    // beside the white noise of one TRNOISE), fixed by this one and the purpose number.
    CounterRandom derived(std::uint64_t purpose) const { return CounterRandom(mix(key_ ^ mix(purpose))); }

    static std::uint64_t mix(std::uint64_t z);
    // FNV-1a of a name: the stream of one source.
    static std::uint64_t streamOf(std::string_view name);

private:
    explicit CounterRandom(std::uint64_t key) : key_(key) {}

    std::uint64_t key_;
};

} // namespace cablespice::solver
