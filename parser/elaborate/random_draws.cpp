#include "parser/elaborate/random_draws.hpp"

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
double RandomDraws::uniform() {
    Stream& stream = current();
    return stream.random.uniform(2 * stream.next++);
}

double RandomDraws::normal() {
    Stream& stream = current();
    return stream.random.normal(stream.next++);
}

} // namespace cablespice::elab
