// The JFET channel's noise conductance (ngspice 39 jfetnoi.c): NLEV < 3 takes 2/3 |gm|, NLEV = 3
// 2/3 BETA (VGS - VTO) (1 + a + a^2)/(1 + a) GDSNOI with a = 1 - VDS/(VGS - VTO) in the linear
// region (the saturation case is checked against a closed form in tests/apps/semiconductor_noise_test.cpp).
#include "solver/devices/jfet_model.hpp"

#include <catch2/catch.hpp>

using namespace cablespice::solver;
using Catch::Matchers::WithinRel;

TEST_CASE("JFET channel noise: NLEV=3 in the linear region, in saturation, pinched off, and NLEV=2", "[noise]") {
    JfetModelParameters model;
    model.vto = -2.0;
    model.beta = 1e-3;
    const JfetConstants j = jfetConstants(model, 1.0, 27.0, 27.0);
    const JfetChannelNoise level3{3, 1.3};
    // VGS = 0, VDS = 1: VGS - VTO = 2, a = 1/2, (1 + a + a^2)/(1 + a) = 7/6.
    CHECK_THAT(jfetChannelNoiseConductance(j, level3, 0.0, 1.0, 0.0), WithinRel(2.0 / 3.0 * 1e-3 * 2.0 * 7.0 / 6.0 * 1.3, 1e-12));
    // VDS = 5 > VGS - VTO: saturation, a = 0.
    CHECK_THAT(jfetChannelNoiseConductance(j, level3, 0.0, 5.0, 0.0), WithinRel(2.0 / 3.0 * 1e-3 * 2.0 * 1.3, 1e-12));
    CHECK(jfetChannelNoiseConductance(j, level3, -3.0, 5.0, 0.0) == 0.0);
    // NLEV 2 (ngspice's default) ignores the voltages: 2/3 |gm|.
    CHECK_THAT(jfetChannelNoiseConductance(j, JfetChannelNoise{}, 0.0, 5.0, -4e-3), WithinRel(2.0 / 3.0 * 4e-3, 1e-12));
}
