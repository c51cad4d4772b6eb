// Noise of independent sources (en=/fce= on V, in=/fci= on I): an op-amp's voltage and current
// noise, S(f) = en^2 (1 + fce/f), against closed forms through a buffer and an inverting
// amplifier built from a VCVS op-amp. The sources add nothing to DC or AC.
#include "solver/analysis/noise_analysis.hpp"

#include "solver/analysis/ac_analysis.hpp"
#include "solver/analysis/frequency_grid.hpp"
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

constexpr double kRoomKelvin = 300.15;  // 27 degC
constexpr double kOpenLoopGain = 1e9;

// The spectrum plot of a noise run: frequencies and onoise_spectrum.
struct Spectrum final : SolutionObserver {
    int plots = 0;
    std::vector<double> frequency, onoise;
    std::size_t onoiseColumn = 0;

    void begin(const AnalysisInfo& info) override {
        if (++plots != 1) return;
        for (std::size_t k = 0; k < info.ownVectors.size(); ++k)
            if (info.ownVectors[k].name == "onoise_spectrum") onoiseColumn = k;
    }
    void realPoint(double scale, std::span<const double> x) override {
        if (plots != 1) return;
        frequency.push_back(scale);
        onoise.push_back(x[onoiseColumn]);
    }
    void complexPoint(double, std::span<const std::complex<double>>) override { FAIL("noise plots are real"); }
    void end(bool) override {}
};

Spectrum outputNoise(const Circuit& circuit, std::string source, AcSpec sweep) {
    NoiseSpec spec;
    spec.sweep = sweep;
    spec.outputPositive = *circuit.nodes().findNode("out");
    spec.inputSource = std::move(source);
    Spectrum spectrum;
    auto stats = runNoise(circuit, spec, spectrum, 1);
    INFO((stats ? std::string() : stats.error().message));
    REQUIRE(stats.ok());
    return spectrum;
}

} // namespace

TEST_CASE("A noise voltage source through a unity-gain buffer gives en sqrt(1 + fce/f)", "[noise]") {
    constexpr double kEn = 5e-9, kFce = 100.0;
    Circuit circuit;
    addVoltageSource(circuit, "vin", "in", "0", 0.0, 1.0);
    addVoltageSource(circuit, "vn", "p", "in", 0.0).setNoise({kEn, kFce});
    addVcvs(circuit, "eop", "out", "0", "p", "out", kOpenLoopGain);
    circuit.finalize();
    // 1 Hz .. 100 kHz: deep in the 1/f region (fce/f = 100) up to white (fce/f = 1e-3).
    auto spectrum = outputNoise(circuit, "vin", {FrequencyGrid::Decade, 1, 1, 1e5});
    REQUIRE(spectrum.frequency.size() == 6);
    const double follower = kOpenLoopGain / (1 + kOpenLoopGain);
    for (std::size_t k = 0; k < spectrum.frequency.size(); ++k)
        CHECK_THAT(spectrum.onoise[k], WithinRel(kEn * std::sqrt(1 + kFce / spectrum.frequency[k]) * follower, 1e-12));
}

TEST_CASE("A noise current source into a source resistance gives in R sqrt(1 + fci/f)", "[noise]") {
    constexpr double kIn = 2e-12, kFci = 1e3, kOhms = 10e3;
    Circuit circuit;
    addVoltageSource(circuit, "vin", "in", "0", 0.0, 1.0);
    addResistor(circuit, "rs", "in", "p", kOhms).setNoisy(false);
    addCurrentSource(circuit, "inp", "p", "0", 0.0).setNoise({kIn, kFci});
    addVcvs(circuit, "eop", "out", "0", "p", "out", kOpenLoopGain);
    circuit.finalize();
    auto spectrum = outputNoise(circuit, "vin", {FrequencyGrid::Decade, 1, 10, 1e4});
    REQUIRE(spectrum.frequency.size() == 4);
    const double follower = kOpenLoopGain / (1 + kOpenLoopGain);
    for (std::size_t k = 0; k < spectrum.frequency.size(); ++k)
        CHECK_THAT(spectrum.onoise[k],
                   WithinRel(kIn * std::sqrt(1 + kFci / spectrum.frequency[k]) * kOhms * follower, 1e-12));
}

TEST_CASE("Inverting amplifier: op-amp en and in plus resistor noise add as uncorrelated powers", "[noise]") {
    // R1 = 1k, R2 = 10k; en in series with the + input, in at each input (the + input's is shorted).
    // With open-loop gain A every contribution is its ideal value over 1 + G/A, G = 1 + R2/R1
    // (A is kept moderate: a huge A makes the matrix ill-conditioned and costs digits).
    constexpr double kR1 = 1e3, kR2 = 10e3, kEn = 5e-9, kIn = 0.7e-12, kFce = 50.0, kFci = 400.0, kA = 1e6;
    Circuit circuit;
    addVoltageSource(circuit, "vin", "in", "0", 0.0, 1.0);
    addResistor(circuit, "r1", "in", "m", kR1);
    addResistor(circuit, "r2", "m", "out", kR2);
    addVoltageSource(circuit, "ven", "p", "0", 0.0).setNoise({kEn, kFce});
    addCurrentSource(circuit, "inp", "p", "0", 0.0).setNoise({kIn, kFci});
    addCurrentSource(circuit, "inn", "m", "0", 0.0).setNoise({kIn, kFci});
    addVcvs(circuit, "eop", "out", "0", "p", "m", kA);
    circuit.finalize();
    auto spectrum = outputNoise(circuit, "vin", {FrequencyGrid::Decade, 1, 10, 1e4});
    REQUIRE(spectrum.frequency.size() == 4);
    const double fourKT = 4 * kBoltzmann * kRoomKelvin;
    const double loss = 1 + (1 + kR2 / kR1) / kA;
    for (std::size_t k = 0; k < spectrum.frequency.size(); ++k) {
        const double f = spectrum.frequency[k];
        const double en = kEn * std::sqrt(1 + kFce / f), in = kIn * std::sqrt(1 + kFci / f);
        const double power = std::pow(en * (1 + kR2 / kR1), 2) + std::pow(in * kR2, 2) + fourKT * kR2 +
                             fourKT * kR1 * std::pow(kR2 / kR1, 2);
        CHECK_THAT(spectrum.onoise[k], WithinRel(std::sqrt(power) / loss, 1e-6));
    }
}

TEST_CASE("Noise sources are 0 V and 0 A outside .noise: the AC gain is unchanged", "[noise]") {
    Circuit circuit;
    addVoltageSource(circuit, "vin", "in", "0", 0.0, 1.0);
    addVoltageSource(circuit, "vn", "in", "out", 0.0).setNoise({1e-6, 1e3});
    addCurrentSource(circuit, "in1", "out", "0", 0.0).setNoise({1e-9, 1e3});
    addResistor(circuit, "rl", "out", "0", 1e3);
    circuit.finalize();
    AcSystem system(circuit);
    REQUIRE(system.factorAt(2 * std::numbers::pi * 1e3).ok());
    std::vector<std::complex<double>> x(static_cast<std::size_t>(circuit.unknownCount()) + 1);
    system.loadExcitation(x);
    REQUIRE(system.solve(x).ok());
    CHECK_THAT(std::abs(x[static_cast<std::size_t>(*circuit.nodes().findNode("out"))]), WithinRel(1.0, 1e-12));
}
