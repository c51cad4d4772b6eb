#include "solver/circuit/circuit.hpp"
#include "tests/support/circuit_builders.hpp"

#include <catch2/catch.hpp>

#include <klu.h>

#include <string>
#include <vector>

using namespace cablespice::solver;
using namespace cablespice::test;

namespace {

// Two driven RLC ladders joined at their ends: AMD has a real ordering to make, and the branch
// rows (sources, inductors) have zero diagonals.
void buildLadders(Circuit& c) {
    for (const std::string side : {"p", "n"}) {
        addVoltageSource(c, "v" + side, side + "0", "0", 1.0);
        for (int k = 0; k < 40; ++k) {
            const std::string here = side + std::to_string(k), mid = side + "m" + std::to_string(k),
                              next = side + std::to_string(k + 1);
            addResistor(c, "r" + side + std::to_string(k), here, mid, 0.1);
            addInductor(c, "l" + side + std::to_string(k), mid, next, 1e-6);
            addCapacitor(c, "c" + side + std::to_string(k), next, "0", 1e-10);
        }
    }
    addResistor(c, "rjoin", "p40", "n40", 600.0);
}

std::vector<int> ints(const int* data, int count) { return std::vector<int>(data, data + count); }

} // namespace

TEST_CASE("The symbolic analysis made in the background is the one made at once, and counts once", "[circuit][klu]") {
    Circuit now, background;
    buildLadders(now);
    buildLadders(background);
    now.finalize({}, nullptr, Circuit::SymbolicAnalysis::Now);
    background.finalize({}, nullptr, Circuit::SymbolicAnalysis::InBackground);

    const klu_symbolic& a = *now.symbolic().get();
    const klu_symbolic& b = *background.symbolic().get();
    REQUIRE(a.n == b.n);
    REQUIRE(a.n == now.unknownCount());
    CHECK(a.nblocks == b.nblocks);
    CHECK(a.nz == b.nz);
    CHECK(a.lnz == b.lnz);
    CHECK(a.unz == b.unz);
    CHECK(ints(a.P, a.n) == ints(b.P, b.n));
    CHECK(ints(a.Q, a.n) == ints(b.Q, b.n));
    CHECK(ints(a.R, a.nblocks + 1) == ints(b.R, b.nblocks + 1));
    CHECK(now.symbolicAnalyses() == 1);
    CHECK(background.symbolicAnalyses() == 1);
}
