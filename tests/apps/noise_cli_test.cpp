// .noise through the CLI: the card, resistor temperature and noisy=0, the printed plots, and
// the errors of a bad card. Expected densities are Johnson-Nyquist closed forms.
#include "tests/support/netlist_runner.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

using namespace cablespice::testing;
using Catch::Matchers::WithinRel;

namespace {

constexpr double kBoltzmann = 1.380649e-23;

// The numbers of the first data row after the printed plot named `plot`.
std::vector<double> firstRow(const std::string& out, const std::string& plot) {
    std::istringstream lines(out.substr(out.find(plot)));
    std::string line;
    std::getline(lines, line);  // plot name
    std::getline(lines, line);  // header
    std::getline(lines, line);
    std::istringstream fields(line);
    std::vector<double> values;
    std::string index, field;
    fields >> index;
    while (fields >> field) values.push_back(std::stod(field));
    return values;
}

std::string divider(const std::string& extra) {
    return "noise of a divider\n"
           "V1 in 0 dc 0 ac 1\n"
           "R1 in out 1k\n"
           "R2 out 0 3k " + extra + "\n"
           ".noise v(out) V1 dec 1 10 100k\n"
           ".end\n";
}

} // namespace

TEST_CASE(".noise of a 1k/3k divider prints sqrt(4kT 750 ohm) and its integral over 10 Hz..100 kHz", "[app][noise]") {
    auto result = runText("noise_divider.cir", divider(""));
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    const double density = std::sqrt(4 * kBoltzmann * 300.15 * 750.0);
    auto spectrum = firstRow(result.out, "Noise Spectral Density Curves");
    REQUIRE(spectrum.size() == 3);  // frequency, onoise_spectrum, inoise_spectrum
    CHECK_THAT(spectrum[1], WithinRel(density, 1e-6));
    CHECK_THAT(spectrum[2], WithinRel(density / 0.75, 1e-6));
    auto integrated = firstRow(result.out, "Integrated Noise");
    REQUIRE(integrated.size() == 2);
    CHECK_THAT(integrated[0], WithinRel(density * std::sqrt(1e5 - 10), 1e-6));
}

TEST_CASE(".noise: a resistor's temp= sets its noise temperature and noisy=0 silences it", "[app][noise]") {
    // R2 at 127 degC: 4k(300.15/1k + 400.15/3k) A^2/Hz into 750 ohm.
    auto hot = runText("noise_hot.cir", divider("temp=127"));
    INFO(hot.err);
    REQUIRE(hot.exitCode == 0);
    const double hotDensity = std::sqrt(4 * kBoltzmann * (300.15 / 1e3 + 400.15 / 3e3)) * 750.0;
    CHECK_THAT(firstRow(hot.out, "Noise Spectral Density Curves")[1], WithinRel(hotDensity, 1e-6));

    auto quiet = runText("noise_quiet.cir", divider("noisy=0"));
    REQUIRE(quiet.exitCode == 0);
    CHECK_THAT(firstRow(quiet.out, "Noise Spectral Density Curves")[1],
               WithinRel(std::sqrt(4 * kBoltzmann * 300.15 / 1e3) * 750.0, 1e-6));
}

TEST_CASE(".noise at .temp 85 scales the resistors' noise with the absolute temperature", "[app][noise]") {
    auto result = runText("noise_temp.cir", "noise at 85 degC\n.temp 85\n" + divider("").substr(19));
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    CHECK_THAT(firstRow(result.out, "Noise Spectral Density Curves")[1],
               WithinRel(std::sqrt(4 * kBoltzmann * 358.15 * 750.0), 1e-6));
}

TEST_CASE(".noise with .options noisecontrib prints each resistor's onoise_NAME", "[app][noise]") {
    auto result = runText("noise_contrib.cir", "contributions\n.options noisecontrib\n" + divider("").substr(19));
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    auto spectrum = firstRow(result.out, "Noise Spectral Density Curves");
    REQUIRE(spectrum.size() == 5);
    // R1's noise current 4kT/1k through 750 ohm, R2's 4kT/3k.
    CHECK_THAT(spectrum[3], WithinRel(std::sqrt(4 * kBoltzmann * 300.15 / 1e3) * 750.0, 1e-6));
    CHECK_THAT(spectrum[4], WithinRel(std::sqrt(4 * kBoltzmann * 300.15 / 3e3) * 750.0, 1e-6));
    CHECK(result.out.find("onoise_total_r1") != std::string::npos);
    CHECK(result.out.find("inoise_total_r2") != std::string::npos);
}

TEST_CASE("A bad .noise card is an error at its position", "[app][noise]") {
    auto missing = runText("noise_short.cir", "t\nV1 in 0 ac 1\nR1 in 0 1k\n.noise v(in) V1 dec 10 10\n.end\n");
    CHECK(missing.exitCode == 1);
    CHECK(missing.err.find("noise_short.cir:4:26: error: expected stop frequency") != std::string::npos);

    auto summary = runText("noise_summary.cir", "t\nV1 in 0 ac 1\nR1 in 0 1k\n.noise v(in) V1 dec 10 10 100 -1\n.end\n");
    CHECK(summary.exitCode == 1);
    CHECK(summary.err.find("noise_summary.cir:4:31: error: points per summary must be a whole number") != std::string::npos);

    auto source = runText("noise_source.cir", "t\nV1 in 0 ac 1\nR1 in 0 1k\n.noise v(in) R1 dec 10 10 100\n.end\n");
    CHECK(source.exitCode == 1);
    CHECK(source.err.find(".noise input source 'r1' is not an independent voltage or current source") != std::string::npos);

    auto node = runText("noise_node.cir", "t\nV1 in 0 ac 1\nR1 in 0 1k\n.noise v(nowhere) V1 dec 10 10 100\n.end\n");
    CHECK(node.exitCode == 1);
    CHECK(node.err.find("no node named 'nowhere' for the .noise output") != std::string::npos);

    auto print = runText("noise_print.cir", "t\nV1 in 0 ac 1\nR1 in 0 1k\n.noise v(in) V1 dec 1 10 100\n"
                                            ".print noise onoise_spectrum vdb(in)\n.end\n");
    CHECK(print.exitCode == 0);
    CHECK(print.err.find("noise_print.cir:5:30: warning: 'vdb' is not a vector of the .noise plots") != std::string::npos);
}

TEST_CASE(".noise of a 100 m cable: the exact and the lumped model agree through the netlist", "[app][noise]") {
    auto deck = [](const std::string& method) {
        return std::string("cable noise\n.include ") + CABLESPICE_SOURCE_DIR + "/netlists/lib/cables.lib\n"
               "Vdm d 0 AC 1\nEp sp 0 d 0 0.5\nEn 0 sn d 0 0.5\nRsp sp a1 50\nRsn sn a2 50\n"
               "P1 a1 a2 0 b1 b2 0 pair22_foil len=100 " + method + "\n"
               "Rrp b1 0 20k\nRrn b2 0 20k\n.noise v(b1,b2) vdm dec 1 10 100k\n.end\n";
    };
    auto exact = runText("cable_noise_exact.cir", deck("method=exact"));
    auto lumped = runText("cable_noise_lumped.cir", deck(""));
    INFO(exact.err << lumped.err);
    REQUIRE(exact.exitCode == 0);
    REQUIRE(lumped.exitCode == 0);
    const double exactTotal = firstRow(exact.out, "Integrated Noise")[0];
    CHECK_THAT(firstRow(lumped.out, "Integrated Noise")[0], WithinRel(exactTotal, 1e-3));
    // More than the two 50 ohm legs alone make: the cable's conductors add their own noise.
    CHECK(firstRow(exact.out, "Noise Spectral Density Curves")[1] > std::sqrt(4 * kBoltzmann * 300.15 * 100.0));
}

TEST_CASE("The noise report (--noise-report) gives the 20 Hz..20 kHz noise of a divider in V rms, dBu and its SNR", "[app][noise]") {
    cablespice::app::RunOptions options;
    options.noiseReport = true;
    options.noiseReferenceDbu = 0.0;
    auto result = runText("noise_report.cir", divider(""), options);
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    // White 4kT 750 ohm over 19980 Hz; the input-referred noise is that over the gain 0.75.
    const double output = std::sqrt(4 * kBoltzmann * 300.15 * 750.0 * 19980.0);
    const double dbu = 20 * std::log10(output / std::sqrt(0.6));
    auto after = [&](const std::string& label) { return result.out.substr(result.out.find(label) + label.size()); };
    CHECK_THAT(std::stod(after("output noise:")), WithinRel(output, 1e-3));
    CHECK_THAT(std::stod(after("input noise (EIN):")), WithinRel(output / 0.75, 1e-3));
    CHECK_THAT(std::stod(after(" rms, ")), WithinRel(dbu, 1e-4));
    CHECK_THAT(std::stod(after("SNR at +0 dBu out:")), WithinRel(-dbu, 1e-4));
    // A-weighting removes more than it adds for a white density over the audio band.
    CHECK(std::stod(after("output noise (A-wtd):")) < output);
}

TEST_CASE(".meas noise measures the noise spectrum by its vector names", "[app][noise]") {
    auto text = divider("");
    text.insert(text.find(".end"), ".meas noise n1k FIND onoise_spectrum AT=1k\n"
                                   ".meas noise nmax MAX inoise_spectrum FROM=10 TO=100k\n"
                                   ".meas noise bad FIND v(out) AT=1k\n");
    auto result = runText("noise_meas.cir", text);
    INFO(result.err);
    // v(out) is not part of the noise plot: an error at the card (a warning without --strict).
    CHECK(result.err.find("'v(out)' is not a vector of the .noise plots") != std::string::npos);
    const double density = std::sqrt(4 * kBoltzmann * 300.15 * 750.0);
    auto after = [&](const std::string& label) { return std::stod(result.out.substr(result.out.find(label) + label.size())); };
    CHECK_THAT(after("n1k = "), WithinRel(density, 1e-6));
    CHECK_THAT(after("nmax = "), WithinRel(density / 0.75, 1e-6));
}

TEST_CASE(".noise with .step: each point prints its spectra and totals, and measures", "[app][noise]") {
    auto result = runText("noise_step.cir", "stepped noise\n.param r2=3k\nV1 in 0 dc 0 ac 1\nR1 in out 1k\nR2 out 0 {r2}\n"
                                            ".step param r2 list 1k 3k\n.noise v(out) V1 dec 1 10 100\n.ac dec 1 10 100\n"
                                            ".meas noise n FIND onoise_spectrum AT=10\n.end\n");
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    // 1k || 1k = 500 ohm, then 1k || 3k = 750 ohm.
    const auto first = result.out.find("--- step r2=1000 ---");
    const auto second = result.out.find("--- step r2=3000 ---");
    REQUIRE(first != std::string::npos);
    REQUIRE(second != std::string::npos);
    CHECK_THAT(firstRow(result.out.substr(first), "Noise Spectral Density Curves")[1],
               WithinRel(std::sqrt(4 * kBoltzmann * 300.15 * 500.0), 1e-6));
    CHECK_THAT(firstRow(result.out.substr(second), "Noise Spectral Density Curves")[1],
               WithinRel(std::sqrt(4 * kBoltzmann * 300.15 * 750.0), 1e-6));
    CHECK(result.out.substr(second).find("Integrated Noise") != std::string::npos);
}

TEST_CASE("A stepped run with --noise-report reports each point's noise after its plots", "[app][noise][step]") {
    cablespice::app::RunOptions options;
    options.noiseReport = true;
    options.jobs = 2;
    auto result = runText("noise_report_step.cir", "stepped noise\n.param r2=3k\nV1 in 0 dc 0 ac 1\nR1 in out 1k\n"
                                                   "R2 out 0 {r2}\n.step param r2 list 1k 3k\n.noise v(out) V1 dec 5 10 100k\n.end\n",
                          options);
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    // 1k || 1k = 500 ohm (gain 1/2), then 1k || 3k = 750 ohm (gain 3/4), white over 19980 Hz.
    const auto second = result.out.find("--- step r2=3000 ---");
    REQUIRE(second != std::string::npos);
    const std::string points[] = {result.out.substr(0, second), result.out.substr(second)};
    const double ohms[] = {500.0, 750.0}, gains[] = {0.5, 0.75};
    for (int k = 0; k < 2; ++k) {
        const std::string& text = points[k];
        auto after = [&](const std::string& label) {
            const auto at = text.find(label);
            REQUIRE(at != std::string::npos);
            return std::stod(text.substr(at + label.size()));
        };
        const double output = std::sqrt(4 * kBoltzmann * 300.15 * ohms[k] * 19980.0);
        CHECK_THAT(after("output noise:"), WithinRel(output, 1e-3));
        CHECK_THAT(after("input noise (EIN):"), WithinRel(output / gains[k], 1e-3));
    }
}

TEST_CASE("The four-resistor difference amplifier of receivers.lib makes sqrt(4kT 40k) at its output", "[app][noise]") {
    // Unity gain, R = 10k: R1 and R2 each give 4kT R at the output; R3 || R4 (5k) at the
    // non-inverting input, times the noise gain 2, gives 4 * 4kT 5k. The op-amp macromodel's
    // Rpole/Rout are noiseless (noisy=0), the source is ideal: 4kT (10k + 10k + 20k).
    auto result = runText("noise_rx.cir", std::string("rx noise\n.include ") + CABLESPICE_SOURCE_DIR +
                                              "/netlists/lib/receivers.lib\nVdm a b AC 1\nRb b 0 1e12 noisy=0\n"
                                              "Xrx a b out 0 rx_diffamp r=10k a0=1e9\n.noise v(out) vdm dec 1 100 1k\n.end\n");
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    CHECK_THAT(firstRow(result.out, "Noise Spectral Density Curves")[1],
               WithinRel(std::sqrt(4 * kBoltzmann * 300.15 * 40e3), 1e-4));
}

TEST_CASE("en=/fce= on a V source and in=/fci= on an I source are noise for .noise only", "[app][noise]") {
    // Unity-gain VCVS buffer: en 4 nV with a 100 Hz corner in series with its input, and in 1 pA
    // with a 1 kHz corner into 10k at the input: at 10 Hz, 16e-18*11 + (1e-12*1e4)^2*101 V^2/Hz.
    auto result = runText("noise_opamp_sources.cir", "op-amp noise sources\nVin in 0 dc 1 ac 1\nRs in p 10k noisy=0\n"
                                                     "Inoise p 0 0 in=1p fci=1k\nVen p q 0 en=4n fce=100\n"
                                                     "E1 out 0 q out 1e12\n.noise v(out) Vin lin 1 10 10\n.op\n.end\n");
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    CHECK_THAT(firstRow(result.out, "Noise Spectral Density Curves")[1],
               WithinRel(std::sqrt(16e-18 * 11 + 1e-16 * 101), 1e-6));
    CHECK_THAT(opValue(result.out, "v(out)"), WithinRel(1.0, 1e-9));  // 0 V and 0 A at DC

    auto negative = runText("noise_negative.cir", "t\nV1 in 0 ac 1\nVen in 0 0 en=-1n\n.end\n");
    CHECK(negative.exitCode == 1);
    CHECK(negative.err.find("noise_negative.cir:3:12: error: 'en' must not be negative, not -1e-09") != std::string::npos);

    // m=4 copies of a 1 pA source, uncorrelated: 2 pA into 1k.
    auto copies = runText("noise_copies.cir", "t\n.subckt nz a b\nIn a b 0 in=1p\n.ends\nV1 x 0 ac 1\n"
                                              "Rx x out 1k noisy=0\nX1 out 0 nz m=4\n.noise v(out) V1 lin 1 1k 1k\n.end\n");
    INFO(copies.err);
    REQUIRE(copies.exitCode == 0);
    CHECK_THAT(firstRow(copies.out, "Noise Spectral Density Curves")[1], WithinRel(2e-9, 1e-9));

    auto misplaced = runText("noise_misplaced.cir", "t\nV1 in 0 1 in=1p\nR1 in 0 1k\n.op\n.end\n");
    CHECK(misplaced.exitCode == 1);
    CHECK(misplaced.err.find("noise_misplaced.cir:2:11: error: unknown parameter 'in' of this source (its noise "
                             "parameters are en= and fce=)") != std::string::npos);
}
