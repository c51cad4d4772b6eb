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

TEST_CASE(".meas noise FIND onoise_total reads the Integrated Noise plot, and the JSON and --noise-report agree with .meas",
          "[app][noise][meas][json]") {
    cablespice::app::RunOptions options;
    options.noiseReport = true;
    const auto json = scratchDirectory() / "noise_meas.json";
    options.jsonFile = json;
    auto result = runText("noise_meas_totals.cir",
                          lowPass(".meas noise tot FIND onoise_total\n.meas noise itot FIND inoise_total\n"
                                  ".meas noise r1tot FIND onoise_total_r1\n.meas noise totdb FIND db(onoise_total)\n"
                                  ".meas noise out INTEG onoise_spectrum FROM=20 TO=20k\n"
                                  ".meas noise outa INTEG onoise_spectrum FROM=20 TO=20k WEIGHT=A\n"
                                  ".meas noise ein INTEG inoise_spectrum FROM=20 TO=20k\n"
                                  ".meas noise eina INTEG inoise_spectrum FROM=20 TO=20k WEIGHT=A\n"
                                  ".meas noise einall INTEG inoise_spectrum\n"),
                          options);
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    const double r = 10e3, fc = 1.0 / (2 * std::numbers::pi * r * 10e-9);
    // Over the whole sweep, 10 Hz-100 kHz (tolerance as for the band above), all of it from R1.
    const double total = std::sqrt(4 * kBoltzmann * kKelvin * r * fc * (std::atan(1e5 / fc) - std::atan(10 / fc)));
    CHECK_THAT(measured(result, "tot"), WithinRel(total, 3e-5));
    CHECK_THAT(measured(result, "r1tot"), WithinRel(measured(result, "tot"), 1e-8));
    CHECK_THAT(measured(result, "totdb"), WithinRel(20 * std::log10(measured(result, "tot")), 1e-8));
    // The source drives the output through the same pole: referred to it, R1's noise is white, and
    // INTEG of inoise_spectrum integrates that density itself. inoise_total refers both ends of an
    // interval by the gain at its upper end (ngspice 39), where the gain is lowest: at most
    // f2/f1 = 10^(1/100) more power than the white integral, never less (to the grid's 1e-5).
    const double white = 4 * kBoltzmann * kKelvin * r * (1e5 - 10);
    CHECK_THAT(measured(result, "einall"), WithinRel(std::sqrt(white), 1e-8));
    const double itot = measured(result, "itot");
    CHECK(itot * itot > white * (1 - 1e-5));
    CHECK(itot * itot < white * std::pow(10.0, 0.01));
    // onoise_total_r1 was recorded for the measurement, not printed (no .options noisecontrib).
    CHECK(result.out.find("onoise_total_r1") == std::string::npos);
    // --noise-report prints 4 digits of the same figures.
    auto reported = [&](const std::string& label) { return std::stod(result.out.substr(result.out.find(label) + label.size())); };
    CHECK_THAT(reported("output noise:"), WithinRel(measured(result, "out"), 1e-3));
    CHECK_THAT(reported("output noise (A-wtd):"), WithinRel(measured(result, "outa"), 1e-3));
    CHECK_THAT(reported("input noise (EIN):"), WithinRel(measured(result, "ein"), 1e-3));
    CHECK_THAT(reported("input noise (A-wtd):"), WithinRel(measured(result, "eina"), 1e-3));
    // In the JSON (12 digits), each measurement equals the figure of the same name to rounding.
    auto parsed = runShell("python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); p=d[\"points\"][0]; "
                           "m=p[\"measurements\"]; a=p[\"noise\"][0][\"audio\"]; t=p[\"noise\"][0][\"integrated\"]; "
                           "same=lambda x,y: abs(x/y-1)<1e-11; "
                           "print([same(m[\"tot\"],t[\"onoise_total\"]), same(m[\"itot\"],t[\"inoise_total\"]), "
                           "same(m[\"r1tot\"],t[\"onoise_total_r1\"]), same(m[\"out\"],a[\"output\"]), "
                           "same(m[\"outa\"],a[\"output_a\"]), same(m[\"ein\"],a[\"input\"]), "
                           "same(m[\"eina\"],a[\"input_a\"])])' " +
                           json.string() + " 2>&1");
    INFO(parsed.output);
    CHECK(parsed.exitCode == 0);
    CHECK(parsed.output == "[True, True, True, True, True, True, True]\n");
}

TEST_CASE(".meas noise INTEG of an element's noise without .options noisecontrib", "[app][noise][meas]") {
    // In the 1k/3k divider R1's noise current 4kT/1k flows into 750 ohm: white 4kT 1k 0.75^2.
    auto result = runText("noise_meas_element.cir", divider(".meas noise r1 INTEG onoise_r1 FROM=20 TO=20k\n"
                                                            ".meas noise r2 INTEG onoise_r2 FROM=20 TO=20k\n"));
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    const double r1 = std::sqrt(4 * kBoltzmann * kKelvin * 1e3 * 0.75 * 0.75 * 19980.0);
    const double r2 = std::sqrt(4 * kBoltzmann * kKelvin / 3e3 * 750.0 * 750.0 * 19980.0);
    CHECK_THAT(measured(result, "r1"), WithinRel(r1, 1e-8));
    CHECK_THAT(measured(result, "r2"), WithinRel(r2, 1e-8));
    CHECK(result.out.find("onoise_r1 ") == std::string::npos);  // not a printed column
}

TEST_CASE(".meas noise PARAM turns an integrated noise into dBu, dBV and an SNR", "[app][noise][meas]") {
    auto result = runText("noise_meas_db.cir",
                          divider(".meas noise outa INTEG V(onoise) FROM=20 TO=20k WEIGHT=A\n"
                                  ".meas noise ein INTEG V(inoise) FROM=20 TO=20k\n"
                                  ".meas noise outa_dbu PARAM {20*log10(outa/0.7746)}\n"
                                  ".meas noise ein_dbv PARAM='20*log10(ein)'\n"
                                  ".meas noise snr PARAM={4 - 20*log10(outa/sqrt(0.6))}\n"));
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    const double outa = measured(result, "outa"), ein = measured(result, "ein");
    CHECK_THAT(ein, WithinRel(std::sqrt(4 * kBoltzmann * kKelvin * 750.0 * 19980.0) / 0.75, 1e-8));
    CHECK_THAT(measured(result, "outa_dbu"), WithinRel(20 * std::log10(outa / 0.7746), 1e-8));
    CHECK_THAT(measured(result, "ein_dbv"), WithinRel(20 * std::log10(ein), 1e-8));
    CHECK_THAT(measured(result, "snr"), WithinRel(4 - 20 * std::log10(outa / std::sqrt(0.6)), 1e-8));
}

TEST_CASE(".meas noise INTEG and FIND onoise_total in a .step run measure each point", "[app][noise][meas]") {
    auto result = runText("noise_meas_step.cir", "stepped\n.param r2=3k\nV1 in 0 dc 0 ac 1\nR1 in out 1k\nR2 out 0 {r2}\n"
                                                 ".step param r2 list 1k 3k\n.noise v(out) V1 dec 10 10 100k\n"
                                                 ".meas noise out INTEG onoise_spectrum FROM=20 TO=20k\n"
                                                 ".meas noise tot FIND onoise_total\n.end\n");
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    // 1k || 1k = 500 ohm, then 1k || 3k = 750 ohm, white.
    auto stepped = [&](const std::string& name, const std::string& step) {
        const std::string label = "\n" + name + " = ";
        auto at = result.out.find(label);
        while (at != std::string::npos && result.out.substr(result.out.find('\n', at + 1) - step.size(), step.size()) != step)
            at = result.out.find(label, at + 1);
        if (at == std::string::npos) FAIL("no " << name << " at " << step << " in:\n" << result.out);
        return std::stod(result.out.substr(at + label.size()));
    };
    const double e500 = std::sqrt(4 * kBoltzmann * kKelvin * 500.0), e750 = std::sqrt(4 * kBoltzmann * kKelvin * 750.0);
    CHECK_THAT(stepped("out", "r2=1000"), WithinRel(e500 * std::sqrt(19980.0), 1e-8));
    CHECK_THAT(stepped("out", "r2=3000"), WithinRel(e750 * std::sqrt(19980.0), 1e-8));
    CHECK_THAT(stepped("tot", "r2=1000"), WithinRel(e500 * std::sqrt(99990.0), 1e-8));
    CHECK_THAT(stepped("tot", "r2=3000"), WithinRel(e750 * std::sqrt(99990.0), 1e-8));
}

TEST_CASE(".meas noise errors: WEIGHT, FROM after TO, and totals measured by frequency", "[app][noise][meas]") {
    cablespice::app::RunOptions strict;
    strict.strict = true;
    struct Case {
        std::string card;
        std::string where;  // line:col of the error
        std::string message;
    };
    const Case cases[] = {
        {".meas noise a INTEG onoise_spectrum WEIGHT=C", "6:44",
         "unknown weighting 'C' in 'WEIGHT=': expected A (IEC 61672) or NONE"},
        {".meas noise a INTEG onoise_spectrum WEIGHT=", "6:44", "expected a weighting (A or NONE) after '='"},
        {".meas ac a INTEG vm(out) FROM=20 TO=20k WEIGHT=A", "6:41",
         "'WEIGHT=' weights a noise density: only .meas noise NAME INTEG ... takes it"},
        {".meas noise a FIND onoise_spectrum WEIGHT=A AT=1k", "6:36", "'WEIGHT=' weights a noise density"},
        {".meas noise a INTEG onoise_spectrum FROM=20k TO=20", "6:46", "FROM=20000 is after TO=20"},
        {".meas noise a FIND onoise_total AT=1k", "6:33",
         "'AT' does not apply to a total: onoise_total is one value over the whole .noise sweep"},
        {".meas noise a FIND inoise_total WHEN onoise_spectrum=1n", "6:33", "'WHEN' does not apply to a total"},
        {".meas noise a MAX onoise_total", "6:19",
         "'onoise_total' is one value over the whole .noise sweep (the Integrated Noise plot): measure it with FIND"},
        {".meas noise a FIND onoise_spectrum WHEN onoise_total=1n", "6:41", "'onoise_total' is one value"},
        {".meas noise a FIND onoise_total/onoise_spectrum", "6:33",
         "'onoise_spectrum' is a spectrum: it cannot be measured together with the totals"},
        {".meas noise a INTEG i(onoise)", "6:21", "'i(onoise)' is not a vector of the .noise plots"},
    };
    for (const auto& c : cases) {
        INFO(c.card);
        auto result = runText("noise_meas_bad.cir", divider(c.card + "\n"), strict);
        INFO(result.err);
        CHECK(result.exitCode == 1);
        CHECK(result.err.find(result.path + ":" + c.where + ": error: " + c.message) != std::string::npos);
        // Without --strict the measurement is left out with the same message as a warning.
        auto lenient = runText("noise_meas_bad.cir", divider(c.card + "\n"));
        CHECK(lenient.exitCode == 0);
        CHECK(lenient.err.find(result.path + ":" + c.where + ": warning: " + c.message) != std::string::npos);
    }
}

TEST_CASE(".print noise takes LTspice's V(onoise) and V(inoise)", "[app][noise]") {
    cablespice::app::RunOptions strict;
    strict.strict = true;
    auto result = runText("noise_print_lt.cir", divider(".print noise V(onoise) v(inoise) onoise_total\n"), strict);
    INFO(result.err);
    CHECK(result.exitCode == 0);
    CHECK(result.err.empty());
    auto bad = runText("noise_print_bad.cir", divider(".print noise V(out)\n"), strict);
    CHECK(bad.exitCode == 1);
    CHECK(bad.err.find(bad.path + ":6:14: error: 'V' is not a vector of the .noise plots") != std::string::npos);
}
