// .noise against closed forms (Johnson-Nyquist sqrt(4kTR), an RC's sqrt(kT/C)) and against a
// forward reference: each resistor's noise current injected and solved with AcSystem::solve,
// a path that shares nothing with the adjoint solve but the factorization.
#include "solver/analysis/noise_analysis.hpp"

#include "solver/analysis/ac_analysis.hpp"
#include "solver/analysis/frequency_grid.hpp"
#include "solver/analysis/noise_integral.hpp"
#include "solver/devices/resistor.hpp"
#include "tests/support/circuit_builders.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>
#include <string>
#include <vector>

using namespace cablespice::solver;
using namespace cablespice::test;
using Catch::Matchers::WithinRel;

namespace {

constexpr double kRoomKelvin = 300.15;  // 27 degC, SPICE's default circuit temperature

// Both plots of a noise run, by vector name.
struct NoisePlots final : SolutionObserver {
    struct Plot {
        AnalysisInfo info;
        std::vector<double> scale;
        std::vector<std::vector<double>> rows;
        bool complete = false;
        std::vector<double> column(const std::string& name) const {
            std::vector<double> values;
            for (std::size_t k = 0; k < info.ownVectors.size(); ++k)
                if (info.ownVectors[k].name == name)
                    for (const auto& row : rows) values.push_back(row[k]);
            if (values.empty()) FAIL("no vector " << name << " in " << info.plotName);
            return values;
        }
    };
    std::vector<Plot> plots;

    void begin(const AnalysisInfo& info) override { plots.push_back({info, {}, {}, false}); }
    void realPoint(double scale, std::span<const double> x) override {
        plots.back().scale.push_back(scale);
        plots.back().rows.emplace_back(x.begin(), x.end());
    }
    void complexPoint(double, std::span<const std::complex<double>>) override { FAIL("noise plots are real"); }
    void end(bool complete) override { plots.back().complete = complete; }

    const Plot& spectrum() const { return plots.at(0); }
    double integrated(const std::string& name) const { return plots.at(1).column(name).at(0); }
};

NoiseSpec noiseSpec(const Circuit& circuit, std::string_view out, std::string source, AcSpec sweep) {
    NoiseSpec spec;
    spec.sweep = sweep;
    spec.outputPositive = *circuit.nodes().findNode(out);
    spec.inputSource = std::move(source);
    spec.contributions = true;
    return spec;
}

NoisePlots runNoiseOf(const Circuit& circuit, const NoiseSpec& spec, int threads = 1) {
    NoisePlots plots;
    auto stats = runNoise(circuit, spec, plots, threads);
    INFO((stats ? std::string() : stats.error().message));
    REQUIRE(stats.ok());
    REQUIRE(plots.plots.size() == 2);
    REQUIRE(plots.spectrum().complete);
    return plots;
}

} // namespace

TEST_CASE("A resistor's output noise density is sqrt(4kTR) and its input noise sqrt(4kT/R)", "[noise]") {
    constexpr double kOhms = 10e3;
    Circuit circuit;
    addCurrentSource(circuit, "i1", "0", "out", 0.0, 1.0);
    addResistor(circuit, "r1", "out", "0", kOhms);
    circuit.finalize();
    auto plots = runNoiseOf(circuit, noiseSpec(circuit, "out", "i1", {FrequencyGrid::Decade, 1, 10, 1e5}));

    const double expectedOut = std::sqrt(4 * kBoltzmann * kRoomKelvin * kOhms);  // 12.87 nV/sqrt(Hz)
    for (double density : plots.spectrum().column("onoise_spectrum")) CHECK_THAT(density, WithinRel(expectedOut, 1e-12));
    for (double density : plots.spectrum().column("inoise_spectrum"))
        CHECK_THAT(density, WithinRel(std::sqrt(4 * kBoltzmann * kRoomKelvin / kOhms), 1e-12));
    CHECK(plots.spectrum().info.ownVectors[1].type == VectorType::CurrentDensity);
    // A white density over 10 Hz .. 100 kHz.
    CHECK_THAT(plots.integrated("onoise_total"), WithinRel(expectedOut * std::sqrt(1e5 - 10), 1e-12));
}

TEST_CASE("Thermal noise follows the resistor's own temperature, and noisy=0 silences it", "[noise]") {
    Circuit circuit;
    addCurrentSource(circuit, "i1", "0", "out", 0.0, 1.0);
    auto& hot = addResistor(circuit, "r1", "out", "0", 1e3);
    auto& quiet = addResistor(circuit, "r2", "out", "0", 1e3);
    hot.setNoiseTemperature(400.0);
    quiet.setNoisy(false);
    circuit.finalize();
    auto plots = runNoiseOf(circuit, noiseSpec(circuit, "out", "i1", {FrequencyGrid::Linear, 1, 1e3, 1e3}));
    // 4k*400/1000 A^2/Hz into 500 ohm.
    CHECK_THAT(plots.spectrum().column("onoise_spectrum")[0], WithinRel(std::sqrt(4 * kBoltzmann * 400.0 / 1e3) * 500.0, 1e-12));
    CHECK(plots.spectrum().info.ownVectors.size() == 3);  // onoise/inoise spectrum and r1 only
}

TEST_CASE("The integrated output noise of an RC low-pass over a wide band is sqrt(kT/C) within 0.5 %", "[noise]") {
    constexpr double kOhms = 1e3, kFarads = 1e-9;
    const double corner = 1.0 / (2 * std::numbers::pi * kOhms * kFarads);
    Circuit circuit;
    addVoltageSource(circuit, "v1", "in", "0", 0.0, 1.0);
    addResistor(circuit, "r1", "in", "out", kOhms);
    addCapacitor(circuit, "c1", "out", "0", kFarads);
    circuit.finalize();
    auto plots = runNoiseOf(circuit, noiseSpec(circuit, "out", "v1", {FrequencyGrid::Decade, 20, corner * 1e-3, corner * 1e4}));
    CHECK_THAT(plots.integrated("onoise_total"), WithinRel(std::sqrt(kBoltzmann * kRoomKelvin / kFarads), 5e-3));
}

TEST_CASE("Adjoint noise transfer matches injecting each resistor's noise current and solving forward", "[noise]") {
    // Inverting amplifier: VCVS op-amp of gain 1e5, 10k in, 100k feedback, 1n across it, 2k load.
    Circuit circuit;
    addVoltageSource(circuit, "v1", "in", "0", 0.0, 1.0);
    addResistor(circuit, "r1", "in", "inv", 10e3);
    addResistor(circuit, "r2", "inv", "out", 100e3);
    addCapacitor(circuit, "c1", "inv", "out", 1e-9);
    addVcvs(circuit, "e1", "out", "0", "0", "inv", 1e5);
    addResistor(circuit, "rl", "out", "0", 2e3);
    circuit.finalize();
    const AcSpec sweep{FrequencyGrid::Decade, 3, 10, 1e6};
    auto plots = runNoiseOf(circuit, noiseSpec(circuit, "out", "v1", sweep), 2);

    AcSystem system(circuit);
    const auto out = static_cast<std::size_t>(*circuit.nodes().findNode("out"));
    const auto frequencies = frequencyPoints(sweep);
    const std::vector<std::string> resistors = {"r1", "r2", "rl"};
    for (std::size_t p = 0; p < frequencies.size(); ++p) {
        REQUIRE(system.factorAt(2 * std::numbers::pi * frequencies[p]).ok());
        std::vector<std::complex<double>> x(static_cast<std::size_t>(circuit.unknownCount()) + 1);
        system.loadExcitation(x);
        REQUIRE(system.solve(x).ok());
        const double gain = std::abs(x[out]);
        // Each resistor's output noise power, forward; rl (driven by the ideal VCVS output) gives
        // rounding-level noise there, so each is held to 1e-9 of the total.
        std::vector<double> densities;
        for (const auto& name : resistors) {
            const auto& resistor = dynamic_cast<const Resistor&>(deviceNamed(circuit, name));
            const auto terminals = resistor.terminals();
            std::fill(x.begin(), x.end(), std::complex<double>{});
            x[static_cast<std::size_t>(terminals[0])] += 1.0;
            x[static_cast<std::size_t>(terminals[1])] -= 1.0;
            x[0] = {};
            REQUIRE(system.solve(x).ok());
            densities.push_back(4 * kBoltzmann * kRoomKelvin / resistor.resistance() * std::norm(x[out]));
        }
        const double total = densities[0] + densities[1] + densities[2];
        for (std::size_t k = 0; k < resistors.size(); ++k)
            CHECK_THAT(std::pow(plots.spectrum().column("onoise_" + resistors[k])[p], 2),
                       Catch::Matchers::WithinAbs(densities[k], 1e-9 * total));
        CHECK_THAT(plots.spectrum().column("onoise_spectrum")[p], WithinRel(std::sqrt(total), 1e-9));
        CHECK_THAT(plots.spectrum().column("inoise_spectrum")[p], WithinRel(std::sqrt(total) / gain, 1e-9));
    }
}

TEST_CASE("Power-law integration is exact for white, 1/f and 1/f^2 densities", "[noise]") {
    // d = 3 on [10, 1000]: 3 * 990.
    CHECK_THAT(powerLawNoiseIntegral(10, 3, 1000, 3), WithinRel(2970.0, 1e-12));
    // d = 2e3 / f: 2e3 ln(100).
    CHECK_THAT(powerLawNoiseIntegral(10, 200, 1000, 2), WithinRel(2e3 * std::log(100.0), 1e-12));
    // d = 1e4 / f^2: 1e4 (1/10 - 1/1000).
    CHECK_THAT(powerLawNoiseIntegral(10, 100, 1000, 0.01), WithinRel(1e4 * (0.1 - 0.001), 1e-12));
    CHECK(powerLawNoiseIntegral(10, 0.0, 1000, 0.0) < 1e-30);
}
