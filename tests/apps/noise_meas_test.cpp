// .meas noise on both noise plots: INTEG of a density is its rms noise over a band (optionally
// A-weighted), FIND onoise_total reads the Integrated Noise plot. Expected values are closed
// forms (Johnson-Nyquist noise, white or behind one pole) and an A-weighted noise bandwidth
// integrated here from IEC 61672-1's analytic curve, independently of the code under test.
#include "tests/support/netlist_runner.hpp"
#include "tests/support/shell_command.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>
#include <string>

using namespace cablespice::testing;
using Catch::Matchers::WithinRel;

namespace {

constexpr double kBoltzmann = 1.380649e-23;
constexpr double kKelvin = 300.15;  // 27 degC

// The value printed as "NAME = VALUE" (the first such line).
double measured(const RunResult& result, const std::string& name) {
    const auto at = result.out.find("\n" + name + " = ");
    if (at == std::string::npos) FAIL("no measurement " << name << " in:\n" << result.out);
    return std::stod(result.out.substr(at + name.size() + 4));
}

// A 1k/3k divider from a noiseless source: a white 4kT 750 ohm at the output, 0.75 of the input.
std::string divider(const std::string& cards, int perDecade = 10) {
    return "noise of a divider\nV1 in 0 dc 0 ac 1\nR1 in out 1k\nR2 out 0 3k\n.noise v(out) V1 dec " +
           std::to_string(perDecade) + " 10 100k\n" + cards + ".end\n";
}

// A resistor behind a capacitor, driven by its own noise: 4kT R / (1 + (f/fc)^2), fc = 1/(2 pi R C).
std::string lowPass(const std::string& cards) {
    return "rc low-pass\nV1 in 0 dc 0 ac 1\nR1 in out 10k\nC1 out 0 10n\n.noise v(out) V1 dec 100 10 100k\n" + cards +
           ".end\n";
}

// IEC 61672-1:2013 Annex E: the A-weighting as a power ratio from its four pole frequencies and
// A1000 = -2.000 dB, written out here so the test does not use the code it checks.
double iecAPowerGain(double f) {
    const double f1 = 20.60, f2 = 107.7, f3 = 737.9, f4 = 12194.0;
    const double f2sq = f * f;
    const double amplitude =
        f4 * f4 * f2sq * f2sq / ((f2sq + f1 * f1) * std::sqrt((f2sq + f2 * f2) * (f2sq + f3 * f3)) * (f2sq + f4 * f4));
    return amplitude * amplitude * std::pow(10.0, 2.0 / 10.0);
}

// The A-weighted noise bandwidth over [low, high]: the integral of the weighting by Simpson's
// rule in ln f (smooth there) on 20000 intervals, converged far below the tolerances used.
double aWeightedBandwidth(double low, double high) {
    const int intervals = 20000;
    const double u0 = std::log(low), h = (std::log(high) - u0) / intervals;
    auto g = [](double u) { return iecAPowerGain(std::exp(u)) * std::exp(u); };
    double sum = g(u0) + g(u0 + intervals * h);
    for (int k = 1; k < intervals; ++k) sum += (k % 2 ? 4.0 : 2.0) * g(u0 + k * h);
    return sum * h / 3.0;
}

} // namespace

TEST_CASE(".meas noise INTEG of a white density is sqrt(4kTR (f2 - f1)), cut at FROM/TO and clipped to the sweep",
          "[app][noise][meas]") {
    auto result = runText("noise_meas_white.cir",
                          divider(".meas noise out INTEG onoise_spectrum FROM=20 TO=20k\n"
                                  ".meas noise ein INTEG inoise_spectrum FROM=20 TO=20k\n"
                                  ".meas noise lt INTEG V(onoise) FROM=20 TO=20k\n"
                                  ".meas noise ltin INTEG v(inoise) FROM=20 TO=20k\n"
                                  ".meas noise wide INTEG onoise_spectrum FROM=1 TO=1meg\n"
                                  ".meas noise whole INTEG onoise_spectrum\n"
                                  ".meas noise flat INTEG onoise_spectrum FROM=20 TO=20k WEIGHT=none\n"));
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    CHECK(result.err.empty());
    const double density = std::sqrt(4 * kBoltzmann * kKelvin * 750.0);
    // 20 Hz and 20 kHz fall inside intervals of the 10-per-decade grid: the partial intervals are
    // exact for a white density, so only rounding remains (results print to 9 digits).
    CHECK_THAT(measured(result, "out"), WithinRel(density * std::sqrt(19980.0), 1e-8));
    CHECK_THAT(measured(result, "ein"), WithinRel(density / 0.75 * std::sqrt(19980.0), 1e-8));
    CHECK_THAT(measured(result, "lt"), WithinRel(density * std::sqrt(19980.0), 1e-8));
    CHECK_THAT(measured(result, "ltin"), WithinRel(density / 0.75 * std::sqrt(19980.0), 1e-8));
    CHECK_THAT(measured(result, "flat"), WithinRel(density * std::sqrt(19980.0), 1e-8));
    // FROM/TO outside the sweep are clipped to it (10 Hz..100 kHz), as is no FROM/TO at all.
    CHECK_THAT(measured(result, "wide"), WithinRel(density * std::sqrt(99990.0), 1e-8));
    CHECK_THAT(measured(result, "whole"), WithinRel(density * std::sqrt(99990.0), 1e-8));
}

TEST_CASE(".meas noise INTEG of an RC low-pass matches sqrt(4kTR fc (atan(f2/fc) - atan(f1/fc)))", "[app][noise][meas]") {
    auto result = runText("noise_meas_rc.cir", lowPass(".meas noise band INTEG onoise_spectrum FROM=20 TO=20k\n"
                                                       ".meas noise upper INTEG onoise_spectrum FROM=1.234k TO=56.7k\n"));
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    const double r = 10e3, fc = 1.0 / (2 * std::numbers::pi * r * 10e-9);
    auto closedForm = [&](double f1, double f2) {
        return std::sqrt(4 * kBoltzmann * kKelvin * r * fc * (std::atan(f2 / fc) - std::atan(f1 / fc)));
    };
    // A power law through two points of a Lorentzian is off by O((ln(f2/f1))^2) near the corner:
    // at 100 points per decade that is 6e-6 of the rms over 20 Hz-20 kHz (1.2e-3 at 10 per
    // decade, shrinking 4x per halving of the spacing, computed outside the code under test).
    CHECK_THAT(measured(result, "band"), WithinRel(closedForm(20.0, 20e3), 3e-5));
    CHECK_THAT(measured(result, "upper"), WithinRel(closedForm(1.234e3, 56.7e3), 3e-5));
}

TEST_CASE(".meas noise INTEG WEIGHT=A of a white density is its density times the root of the A-weighted bandwidth",
          "[app][noise][meas]") {
    auto result = runText("noise_meas_a.cir", divider(".meas noise outa INTEG onoise_spectrum FROM=20 TO=20k WEIGHT=A\n"
                                                      ".meas noise eina INTEG inoise_spectrum FROM=20 TO=20k weight=a\n",
                                                      100));
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    const double density = std::sqrt(4 * kBoltzmann * kKelvin * 750.0);
    const double bandwidth = aWeightedBandwidth(20.0, 20e3);
    // The independent integral gives 12468 Hz (the A-weighted noise bandwidth of 20 Hz-20 kHz).
    CHECK_THAT(bandwidth, WithinRel(12468.0, 1e-4));
    // The weighting is applied at the grid points and integrated as a power law between them:
    // 0.57 % low in power at 10 points per decade, 4 times less per halving of the spacing,
    // 5.7e-5 at 100 per decade (2.9e-5 in rms; estimated outside the code under test).
    CHECK_THAT(measured(result, "outa"), WithinRel(density * std::sqrt(bandwidth), 1e-4));
    CHECK_THAT(measured(result, "eina"), WithinRel(density / 0.75 * std::sqrt(bandwidth), 1e-4));
}
