// The .ac frequency grid against ngspice-39's output for the same cards (values printed by
// `ngspice -b` with `print frequency`) and the closed forms 10^(k/N), 2^(k/N).
#include "solver/analysis/frequency_grid.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace cablespice::solver;

namespace {

void checkGeometric(const std::vector<double>& points, double fstart, double ratioPerStep) {
    for (std::size_t k = 0; k < points.size(); ++k)
        CHECK(points[k] == Approx(fstart * std::pow(ratioPerStep, static_cast<double>(k))).epsilon(1e-12));
}

} // namespace

TEST_CASE("A decade sweep has N points per decade and ends on fstop", "[ac][grid]") {
    auto points = frequencyPoints({FrequencyGrid::Decade, 3, 1.0, 1000.0});
    REQUIRE(points.size() == 10);
    checkGeometric(points, 1.0, std::pow(10.0, 1.0 / 3.0));
    CHECK(points.back() == Approx(1000.0).epsilon(1e-12));
}

TEST_CASE("A decade sweep whose fstop is off the grid is stretched to end on fstop, as in ngspice", "[ac][grid]") {
    // ngspice-39 `ac dec 10 1 1005`: 31 points, 1.259135, ..., 798.1672, 1005.
    auto points = frequencyPoints({FrequencyGrid::Decade, 10, 1.0, 1005.0});
    REQUIRE(points.size() == 31);
    checkGeometric(points, 1.0, std::pow(1005.0, 1.0 / 30.0));
    CHECK(points[1] == Approx(1.259135).epsilon(1e-6));
    CHECK(points.back() == Approx(1005.0).epsilon(1e-12));
    // `ac dec 1 1 99.9`: one step, from 1 to 99.9.
    auto coarse = frequencyPoints({FrequencyGrid::Decade, 1, 1.0, 99.9});
    REQUIRE(coarse.size() == 2);
    CHECK(coarse[1] == Approx(99.9).epsilon(1e-12));
}

TEST_CASE("An octave sweep steps by 2^(1/N) and includes fstop within the tolerance", "[ac][grid]") {
    auto points = frequencyPoints({FrequencyGrid::Octave, 2, 1.0, 8.0});
    REQUIRE(points.size() == 7);
    checkGeometric(points, 1.0, std::sqrt(2.0));
    // ngspice `ac oct 1 1 7.99` reaches 8: the tolerance is ratio * fstop * reltol = 0.016.
    auto beyond = frequencyPoints({FrequencyGrid::Octave, 1, 1.0, 7.99});
    REQUIRE(beyond.size() == 4);
    CHECK(beyond.back() == Approx(8.0).epsilon(1e-12));
    // ... but not when fstop is clearly short of the next octave.
    CHECK(frequencyPoints({FrequencyGrid::Octave, 1, 1.0, 7.9}).size() == 3);
}

TEST_CASE("A linear sweep has N points from fstart to fstop inclusive", "[ac][grid]") {
    auto points = frequencyPoints({FrequencyGrid::Linear, 5, 0.0, 1.0});
    REQUIRE(points.size() == 5);
    for (std::size_t k = 0; k < points.size(); ++k) CHECK(points[k] == Approx(0.25 * static_cast<double>(k)).margin(1e-15));
    auto hundred = frequencyPoints({FrequencyGrid::Linear, 100, 1e3, 100e3});
    REQUIRE(hundred.size() == 100);
    CHECK(hundred.back() == Approx(100e3).epsilon(1e-12));
}

TEST_CASE("A one-point linear sweep gives fstart and a two-point one gives both ends", "[ac][grid]") {
    CHECK(frequencyPoints({FrequencyGrid::Linear, 1, 5.0, 10.0}) == std::vector<double>{5.0});
    CHECK(frequencyPoints({FrequencyGrid::Linear, 0, 5.0, 10.0}) == std::vector<double>{5.0});
    CHECK(frequencyPoints({FrequencyGrid::Linear, 2, 1.0, 10.0}) == std::vector<double>{1.0, 10.0});
}

TEST_CASE("Degenerate frequency ranges give no points or just fstart instead of looping", "[ac][grid]") {
    CHECK(frequencyPoints({FrequencyGrid::Linear, 4, 10.0, 1.0}).empty());
    CHECK(frequencyPoints({FrequencyGrid::Decade, 10, 100.0, 1.0}).empty());
    CHECK(frequencyPoints({FrequencyGrid::Decade, 10, 0.0, 1.0}).empty());
    CHECK(frequencyPoints({FrequencyGrid::Decade, 10, 1.0, 1.0}) == std::vector<double>{1.0});
    CHECK(frequencyPoints({FrequencyGrid::Decade, 10, 1.0, 1.1}) == std::vector<double>{1.0});
    CHECK(frequencyPoints({FrequencyGrid::Linear, 7, 3.0, 3.0}) == std::vector<double>{3.0});
}
