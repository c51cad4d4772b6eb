#pragma once
#include "parser/grammar/random_functions.hpp"
#include "solver/sources/counter_random.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace cablespice::elab {

// Which Monte Carlo point an elaboration draws for: the run's seed and the point's index.
struct RandomPoint {
    std::uint64_t seed = 0;
    std::uint64_t index = 0;
};

// An elaboration that moves one draw off its centre (the imbalance budget's linearisation):
// every random function takes its nominal value except the `draw`-th one evaluated (counting
// from 0 in evaluation order), which moves by `step` of its own standard deviation (a uniform
// on [-1, 1] has 1/sqrt(3); limit()'s +-1 has 1). draw = kNoDraw moves none and counts them.
struct RandomProbe {
    static constexpr std::size_t kNoDraw = static_cast<std::size_t>(-1);
    std::size_t draw = kNoDraw;
    double step = 0.0;
};

// The source of the random functions' draws (gauss, agauss, unif, mc, ...) during one
// elaboration. Nominal (no point) means every random function returns its nominal value.
// Otherwise each draw is a pure function of (seed, point index, owner path, ordinal): the
// owner is what the value belongs to (an element instance such as "x1.r1", a parameter
// such as ".param:x1.zcm"), the ordinal counts the owner's draws in evaluation order. So a
// point's values do not depend on threads, on the order owners are elaborated in, or on the
// machine.
class RandomDraws final : public expr::RandomSource {
public:
    RandomDraws() = default;
    explicit RandomDraws(std::optional<RandomPoint> point) : point_(point) {}
    explicit RandomDraws(RandomProbe probe) : probe_(probe) {}

    bool nominal() const override { return !point_ && !probe_; }
    // Probing: how many draws have been evaluated.
    std::size_t probedDraws() const { return probed_; }
    // Whether any random function was evaluated (nominal or not).
    bool used() const { return used_; }
    void noteUse() override { used_ = true; }

    // Draws while an Owner lives belong to `path`; owners nest (a parameter resolved while an
    // element is read has its own draws and leaves the element's count alone).
    class Owner {
    public:
        Owner(RandomDraws& draws, std::string_view path);
        ~Owner();
        Owner(const Owner&) = delete;
        Owner& operator=(const Owner&) = delete;

    private:
        RandomDraws& draws_;
    };

    // Uniform in (0, 1) and standard normal: the current owner's next draw.
    double uniform() override;
    double normal() override;
    double plusOrMinusOne() override;

private:
    struct Stream {
        solver::CounterRandom random;
        std::uint64_t next = 0;
    };
    Stream& current();
    Stream streamOf(std::string_view path) const;

    // Probing: `step` standard deviations (of a draw whose own is `standardDeviation`) for the
    // probed draw, 0 for every other.
    double probeOffset(double standardDeviation);

    std::optional<RandomPoint> point_;
    std::optional<RandomProbe> probe_;
    std::size_t probed_ = 0;
    std::vector<Stream> owners_;
    bool used_ = false;
};

} // namespace cablespice::elab
