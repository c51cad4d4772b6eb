#include "apps/cablespice/monte_carlo_seed.hpp"

#include <ostream>
#include <random>

namespace cablespice::app {

std::uint64_t monteCarloSeed(const elab::Deck& base, std::ostream& err) {
    if (base.options.seedGiven || !base.usesRandomFunctions) return base.options.seed;
    std::random_device entropy;
    // Below 2^53 so that the printed seed reads back exactly as a SPICE number.
    const std::uint64_t seed = ((std::uint64_t{entropy()} << 32) | entropy()) & ((std::uint64_t{1} << 53) - 1);
    err << "cablespice: note: Monte Carlo seed " << seed << " (repeat this run with .options seed=" << seed << ")\n";
    return seed;
}

} // namespace cablespice::app
