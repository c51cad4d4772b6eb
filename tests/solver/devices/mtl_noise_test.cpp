// Lines (.noise): the exact line (Twiss) and the lumped sections (R and G noise) against Nyquist.
// The exact line's thermal noise (Twiss, 4kT Re Y of the multiport) against Nyquist's theorem
// at the terminals: a passive network all at one temperature (the line and its resistive
// terminations) shows an open-circuit noise voltage density 4kT Re Z_out, Z_out solved forward
// from the same model. Without the line's noise the terminations alone fall short of it.
#include "solver/analysis/noise_analysis.hpp"
#include "solver/devices/mtl_exact_ac.hpp"
#include "solver/devices/mtl_lumped.hpp"
#include "solver/devices/resistor.hpp"
#include "tests/solver/devices/mtl_test_support.hpp"
#include "tests/support/circuit_builders.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

using namespace cablespice::test;
using namespace cablespice::solver;
using cablespice::SourceRange;
using Catch::Matchers::WithinRel;

namespace {

constexpr double kRoomKelvin = 300.15;

// The output noise densities [V/sqrt(Hz)] of a .noise run at each frequency.
std::vector<double> outputNoise(const Circuit& circuit, const NoiseSpec& spec) {
    struct Spectrum final : SolutionObserver {
        std::vector<double> values, lineShare;
        bool inSpectrum = false;
        void begin(const AnalysisInfo& info) override { inSpectrum = info.plotName == "Noise Spectral Density Curves"; }
        void realPoint(double, std::span<const double> x) override {
            if (inSpectrum) values.push_back(x[0]);
            if (inSpectrum) lineShare.push_back(x[x.size() - 1]);
        }
        void complexPoint(double, std::span<const std::complex<double>>) override {}
        void end(bool) override {}
    } spectrum;
    NoiseSpec withContributions = spec;
    withContributions.contributions = true;  // the line's own share is the last column
    auto stats = runNoise(circuit, withContributions, spectrum);
    REQUIRE(stats.ok());
    for (double share : spectrum.lineShare) CHECK(share > 0.0);  // the line is noisy on its own
    return spectrum.values;
}

// A 100 m line with resistive terminations (600 ohm at the source end, 10k at the far end),
// driven for Z_out by a 1 A AC current source into the far end's conductors.
struct TerminatedLine {
    Circuit circuit;
    NoiseSpec spec;

    TerminatedLine(const MtlParameters& perMetre, const std::vector<std::string>& aNodes, const std::vector<std::string>& bNodes) {
        for (std::size_t i = 0; i < aNodes.size(); ++i) {
            addResistor(circuit, "rs" + std::to_string(i), aNodes[i], "0", 600.0);
            addResistor(circuit, "rl" + std::to_string(i), bNodes[i], "0", 10e3);
        }
        circuit.add<MtlExactAc>("t1", SourceRange{}, nodesOf(circuit, aNodes), kGround, nodesOf(circuit, bNodes), kGround,
                                perMetre, 100.0);
        const std::string negative = bNodes.size() > 1 ? bNodes[1] : "0";
        addCurrentSource(circuit, "i1", negative, bNodes[0], 0.0, 1.0);
        circuit.finalize();
        spec.outputPositive = *circuit.nodes().findNode(bNodes[0]);
        spec.outputNegative = negative == "0" ? kGround : *circuit.nodes().findNode(negative);
        spec.inputSource = "i1";
    }

    double expectedDensity(double frequency) {
        auto solution = solveAc(circuit, frequency);
        const auto zOut = solution.x[static_cast<std::size_t>(spec.outputPositive)] -
                          solution.x[static_cast<std::size_t>(spec.outputNegative)];
        return std::sqrt(4 * kBoltzmann * kRoomKelvin * zOut.real());
    }
};

} // namespace

TEST_CASE("The exact line's output noise is sqrt(4kT Re Z_out) at its terminals", "[noise][mtl]") {
    // 0.1 ohm/m, 250 nH/m, 100 pF/m and a lossy dielectric (1e-6 S/m) so both losses make noise.
    TerminatedLine line(singleLine(0.1, 250e-9, 1e-6, 100e-12), {"a1"}, {"b1"});
    line.spec.sweep = {FrequencyGrid::Decade, 2, 10, 10e6};
    const auto densities = outputNoise(line.circuit, line.spec);
    REQUIRE(densities.size() == 13);
    for (std::size_t k = 0; k < densities.size(); ++k) {
        const double frequency = 10 * std::pow(10.0, 0.5 * static_cast<double>(k));
        CHECK_THAT(densities[k], WithinRel(line.expectedDensity(frequency), 1e-6));
    }
}

TEST_CASE("A coupled line's differential noise is sqrt(4kT Re Z_diff): the correlated port currents", "[noise][mtl]") {
    TerminatedLine line(twoConductorLine(), {"a1", "a2"}, {"b1", "b2"});
    line.spec.sweep = {FrequencyGrid::Decade, 1, 100, 10e6};
    const auto densities = outputNoise(line.circuit, line.spec);
    REQUIRE(densities.size() == 6);
    for (std::size_t k = 0; k < densities.size(); ++k) {
        const double frequency = 100 * std::pow(10.0, static_cast<double>(k));
        CHECK_THAT(densities[k], WithinRel(line.expectedDensity(frequency), 1e-6));
    }
}

namespace {

// The output noise density of the same terminated 100 m line, exact or in `sections` lumped sections.
double terminatedLineNoise(const MtlParameters& perMetre, int sections, double frequency, double* nyquist = nullptr) {
    Circuit circuit;
    addResistor(circuit, "rs", "a1", "0", 600.0);
    addResistor(circuit, "rl", "b1", "0", 10e3);
    const auto a = nodesOf(circuit, {"a1"});
    const auto b = nodesOf(circuit, {"b1"});
    if (sections == 0) circuit.add<MtlExactAc>("t1", SourceRange{}, a, kGround, b, kGround, perMetre, 100.0);
    else circuit.add<MtlLumped>("t1", SourceRange{}, a, kGround, b, kGround, perMetre, 100.0, sections);
    addCurrentSource(circuit, "i1", "0", "b1", 0.0, 1.0);
    circuit.finalize();
    NoiseSpec spec;
    spec.sweep = {FrequencyGrid::Linear, 1, frequency, frequency};
    spec.outputPositive = b.front();
    spec.inputSource = "i1";
    if (nyquist) {
        auto solution = solveAc(circuit, frequency);
        *nyquist = std::sqrt(4 * kBoltzmann * kRoomKelvin * solution.x[static_cast<std::size_t>(b.front())].real());
    }
    return outputNoise(circuit, spec).at(0);
}

} // namespace

TEST_CASE("The lumped line's noise is sqrt(4kT Re Z_out) of its own model and converges to the exact line's",
          "[noise][mtl]") {
    const MtlParameters perMetre = singleLine(0.1, 250e-9, 1e-6, 100e-12);
    constexpr double kFrequency = 300e3;  // the 100 m line is 0.1 wavelength long: sections matter
    const double exact = terminatedLineNoise(perMetre, 0, kFrequency);
    double previousError = 1.0;
    for (int sections : {4, 16, 64}) {
        double nyquist = 0.0;
        const double lumped = terminatedLineNoise(perMetre, sections, kFrequency, &nyquist);
        CHECK_THAT(lumped, WithinRel(nyquist, 1e-6));
        const double error = std::abs(lumped / exact - 1.0);
        INFO(sections << " sections: lumped " << lumped << " exact " << exact);
        CHECK(error < previousError);
        previousError = error;
    }
    CHECK(previousError < 1e-4);  // measured 1.7e-5 at 64 sections (second order: 4.2e-3, 2.6e-4, 1.7e-5)
}
