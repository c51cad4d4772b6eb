#include "solver/sources/counter_random.hpp"

#include <cmath>
#include <numbers>

namespace cablespice::solver {

std::uint64_t CounterRandom::mix(std::uint64_t z) {
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

std::uint64_t CounterRandom::streamOf(std::string_view name) {
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (char ch : name) hash = (hash ^ static_cast<unsigned char>(ch)) * 0x100000001b3ULL;
    return hash;
}

double CounterRandom::uniform(std::uint64_t index) const {
    const std::uint64_t bits = mix(key_ ^ mix(index));
    return (static_cast<double>(bits >> 11) + 0.5) * 0x1.0p-53;
}

double CounterRandom::normal(std::uint64_t index) const {
    const double u1 = uniform(2 * index), u2 = uniform(2 * index + 1);
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

double CounterRandom::exponential(std::uint64_t index, double mean) const { return -mean * std::log(uniform(index)); }

double CounterRandom::poisson(std::uint64_t index, double lambda) const {
    // Arrival j of sample `index` draws uniform (index << 32) + j: streams of samples never overlap
    // for lambda below 2^32 (the factory caps it far lower).
    double elapsed = 0.0;
    std::uint64_t count = 0;
    for (;;) {
        elapsed -= std::log(uniform((index << 32) + count));
        if (elapsed > lambda) return static_cast<double>(count);
        ++count;
    }
}

} // namespace cablespice::solver
