#include "parser/elaborate/random_draws.hpp"

#include <numbers>

namespace cablespice::elab {

RandomDraws::Owner::Owner(RandomDraws& draws, std::string_view path) : draws_(draws) {
    draws_.owners_.push_back(draws_.streamOf(path));
}

RandomDraws::Owner::~Owner() { draws_.owners_.pop_back(); }

RandomDraws::Stream RandomDraws::streamOf(std::string_view path) const {
    const RandomPoint point = point_.value_or(RandomPoint{});
    return Stream{solver::CounterRandom(point.seed, solver::CounterRandom::streamOf(path)).derived(point.index)};
}

RandomDraws::Stream& RandomDraws::current() {
    // Draws outside any owner (a -D value, say) share the stream of the empty path.
    if (owners_.empty()) owners_.push_back(streamOf(""));
    return owners_.back();
}

// Draw k of an owner uses uniforms 2k and 2k+1 whatever its kind, so a uniform and a normal
// draw never share bits.
double RandomDraws::probeOffset(double standardDeviation) {
    const bool moved = probed_++ == probe_->draw;
    return moved ? probe_->step * standardDeviation : 0.0;
}

// A uniform u on (0, 1) enters as 2u - 1, whose standard deviation is 1/sqrt(3).
double RandomDraws::uniform() {
    if (probe_) return 0.5 + 0.5 * probeOffset(1.0 / std::numbers::sqrt3);
    Stream& stream = current();
    return stream.random.uniform(2 * stream.next++);
}

double RandomDraws::normal() {
    if (probe_) return probeOffset(1.0);
    Stream& stream = current();
    return stream.random.normal(stream.next++);
}

double RandomDraws::plusOrMinusOne() {
    if (probe_) return probeOffset(1.0);
    return uniform() < 0.5 ? -1.0 : 1.0;
}

} // namespace cablespice::elab
