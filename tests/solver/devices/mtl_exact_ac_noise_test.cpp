// The exact line's thermal noise (Twiss, 4kT Re Y of the multiport) against Nyquist's theorem
// at the terminals: a passive network all at one temperature (the line and its resistive
// terminations) shows an open-circuit noise voltage density 4kT Re Z_out, Z_out solved forward
// from the same model. Without the line's noise the terminations alone fall short of it.
#include "solver/analysis/noise_analysis.hpp"
#include "solver/devices/mtl_exact_ac.hpp"
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
