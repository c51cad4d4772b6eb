// .noise of MOSFETs at their operating point (ngspice 39's MOS1noise), against the closed form of
// a saturated level-1 common-source stage: square law without LAMBDA or GAMMA, so Id = BETA Vov^2/2
// and gm = BETA Vov with BETA = KP m W / L. The channel's noise current 4kT (2/3) gm and its
// flicker noise KF Id^AF / (f W m L COX^2) flow through the load resistor RL, which adds its own
// 4kT RL. The bulk-drain junction's leakage (IS + gmin Vd) shifts Id by ~1e-11 of itself.
#include "tests/support/netlist_runner.hpp"
#include "tests/support/print_tables.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

using namespace cablespice::testing;
using Catch::Matchers::WithinRel;

namespace {

constexpr double kBoltzmann = 1.380649e-23;
constexpr double kKelvin = 300.15;                    // 27 degC
constexpr double kOxidePermittivity = 3.9 * 8.854214871e-12;  // ngspice's

// The spectrum table (frequency, onoise_spectrum, ..., onoise_NAME per element) of a deck.
PrintTable spectrum(const std::string& name, const std::string& deck) {
    auto result = runText(name, deck);
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    return printTables(result.out).at(0);
}

std::string commonSource(const std::string& tox) {
    return "mos noise\nVDD vdd 0 10\nVG g 0 dc 2 ac 1\nM1 d g 0 0 nm W=10u L=2u m=2\nRL vdd d 10k\n"
           ".model nm NMOS(LEVEL=1 VTO=1 KP=50u KF=3e-29 AF=1.3 " + tox + ")\n"
           ".options noisecontrib reltol=1e-9\n.noise v(d) VG dec 1 1 100k\n.end\n";
}

} // namespace

TEST_CASE("A saturated level-1 NMOS: sqrt(RL^2 (8kT gm/3 + KF Id^AF / (f W m L COX^2)) + 4kT RL) at its drain",
          "[app][noise]") {
    // TOX = 20n gives COX (1/f corner near 1 kHz); without TOX ngspice's flicker noise assumes
    // TOX = 1e-7 m (corner near 25 kHz).
    constexpr double kKp = 50e-6, kW = 10e-6, kL = 2e-6, kM = 2.0, kVov = 1.0, kRl = 10e3, kKf = 3e-29, kAf = 1.3;
    const double beta = kKp * kM * kW / kL;
    const double id = beta * kVov * kVov / 2.0, gm = beta * kVov;
    for (const auto& [tox, thickness] : {std::pair{std::string("TOX=20n"), 20e-9}, std::pair{std::string(""), 1e-7}}) {
        const double cox = kOxidePermittivity / thickness;
        auto table = spectrum("mos_noise.cir", commonSource(tox));
        const auto& frequency = table.at("frequency");
        REQUIRE(frequency.size() == 6);
        for (std::size_t k = 0; k < frequency.size(); ++k) {
            const double flicker = kKf * std::pow(id, kAf) / (frequency[k] * kW * kM * kL * cox * cox);
            const double channel = 4 * kBoltzmann * kKelvin * 2.0 / 3.0 * gm + flicker;
            const double load = 4 * kBoltzmann * kKelvin * kRl;
            INFO(tox << " f = " << frequency[k]);
            CHECK_THAT(table.at("onoise_m1")[k], WithinRel(kRl * std::sqrt(channel), 1e-6));
            CHECK_THAT(table.at("onoise_spectrum")[k], WithinRel(std::sqrt(kRl * kRl * channel + load), 1e-6));
        }
    }
}
