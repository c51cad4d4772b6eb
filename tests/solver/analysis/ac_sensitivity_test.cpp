// AC .sens (adjoint method, one transposed solve per frequency) against closed forms derived
// here for an RC low-pass and a series RLC, and against a central finite difference of the
// AC solution for every element of a network with each element kind (R, C, L, E, F, G, H, V,
// I): the difference solves the circuit again with one value moved, sharing nothing with the
// adjoint solve.
#include "solver/analysis/ac_analysis.hpp"
#include "solver/analysis/sensitivity_analysis.hpp"

#include "tests/support/circuit_builders.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <complex>
#include <map>
#include <memory>
#include <numbers>
#include <string>
#include <vector>

using namespace cablespice::solver;
using namespace cablespice::test;
using Complex = std::complex<double>;

namespace {

// Every point of a complex plot: rows[point][vector].
struct ComplexPlot final : SolutionObserver {
    AnalysisInfo info;
    std::vector<double> frequencies;
    std::vector<std::vector<Complex>> rows;
    bool complete = false;

    void begin(const AnalysisInfo& begun) override { info = begun; }
    void realPoint(double, std::span<const double>) override { FAIL("an AC plot is complex"); }
    void complexPoint(double frequency, std::span<const Complex> x) override {
        frequencies.push_back(frequency);
        rows.emplace_back(x.begin(), x.end());
    }
    void end(bool done) override { complete = done; }

    std::size_t column(const std::string& name) const {
        for (std::size_t k = 0; k < info.ownVectors.size(); ++k)
            if (info.ownVectors[k].name == name) return k;
        FAIL("no vector " << name);
        return 0;
    }
};

ComplexPlot acSensitivities(const Circuit& circuit, std::string_view node, const AcSpec& sweep, int threads = 1) {
    SensSpec spec;
    spec.outputPositive = *circuit.nodes().findNode(node);
    spec.sweep = sweep;
    ComplexPlot plot;
    auto outcome = runSensitivity(circuit, spec, plot, threads);
    INFO((outcome ? std::string() : outcome.error().message));
    REQUIRE(outcome.ok());
    REQUIRE(plot.complete);
    CHECK(plot.info.plotName == "Sensitivity Analysis");
    CHECK(plot.info.scaleName == "frequency");
    return plot;
}

bool closeRelative(Complex actual, Complex expected, double tolerance) {
    return std::abs(actual - expected) <= tolerance * std::abs(expected);
}

Complex jw(double frequency) { return {0.0, 2.0 * std::numbers::pi * frequency}; }

SourceValue acValue(double magnitude, double phaseDegrees) {
    SourceValue value;
    value.acMagnitude = magnitude;
    value.acPhaseDegrees = phaseDegrees;
    return value;
}

const AcSpec kSweep{FrequencyGrid::Decade, 5, 10.0, 1e5};

} // namespace

TEST_CASE("AC .sens of an RC low-pass: dV/dR = -V jwC/(1+jwRC)^2, dV/dC = -V jwR/(1+jwRC)^2, dV/dVmag = e^(j phase) H",
          "[sens][ac]") {
    const double r = 1e3, cap = 1e-6, magnitude = 2.0, phase = 30.0;
    Circuit c;
    c.add<VoltageSource>("v1", cablespice::SourceRange{}, node(c, "in"), node(c, "0"), acValue(magnitude, phase));
    addResistor(c, "r1", "in", "out", r);
    addCapacitor(c, "c1", "out", "0", cap);
    c.finalize();
    const ComplexPlot plot = acSensitivities(c, "out", kSweep);
    REQUIRE(plot.rows.size() == 21);
    const Complex source = std::polar(magnitude, phase * std::numbers::pi / 180.0);
    for (std::size_t p = 0; p < plot.rows.size(); ++p) {
        const double f = plot.frequencies[p];
        INFO("f = " << f);
        const Complex d = 1.0 + jw(f) * r * cap;
        CHECK(closeRelative(plot.rows[p][plot.column("r1")], -source * jw(f) * cap / (d * d), 1e-9));
        CHECK(closeRelative(plot.rows[p][plot.column("c1")], -source * jw(f) * r / (d * d), 1e-9));
        CHECK(closeRelative(plot.rows[p][plot.column("v1")], source / magnitude / d, 1e-9));
    }
}

TEST_CASE("AC .sens of a series RLC across C: H = 1/D, D = 1 + jwRC - w^2 LC, dH/dR = -jwC/D^2, dH/dL = w^2 C/D^2, "
          "dH/dC = -(jwR - w^2 L)/D^2",
          "[sens][ac]") {
    const double r = 50.0, l = 10e-3, cap = 1e-6;  // resonance 1.59 kHz, Q = 2
    Circuit c;
    addVoltageSource(c, "v1", "in", "0", 0.0, 1.0);
    addResistor(c, "r1", "in", "a", r);
    addInductor(c, "l1", "a", "b", l);
    addCapacitor(c, "c1", "b", "0", cap);
    c.finalize();
    const ComplexPlot plot = acSensitivities(c, "b", {FrequencyGrid::Linear, 41, 100.0, 4100.0});
    for (std::size_t p = 0; p < plot.rows.size(); ++p) {
        const double f = plot.frequencies[p];
        INFO("f = " << f);
        const Complex s = jw(f);
        const Complex d = 1.0 + s * r * cap + s * s * l * cap;
        CHECK(closeRelative(plot.rows[p][plot.column("r1")], -s * cap / (d * d), 1e-9));
        CHECK(closeRelative(plot.rows[p][plot.column("l1")], -s * s * cap / (d * d), 1e-9));
        CHECK(closeRelative(plot.rows[p][plot.column("c1")], -(s * r + s * s * l) / (d * d), 1e-9));
        CHECK(closeRelative(plot.rows[p][plot.column("v1")], 1.0 / d, 1e-9));
    }
}

namespace {

using Values = std::map<std::string, double>;

// V1 in 0 AC 1; R1 in a 1k; C1 a 0 100n; L1 a b 10m; R2 b 0 2k; E1 c 0 b 0 3; R3 c out 500;
// C2 out 0 47n; I1 0 out AC 1m; G1 out 0 a 0 1m; F1 0 out V1 2; H1 d 0 V1 100; R5 d out 2k.
const Values kNominal = {{"v1", 1.0},   {"r1", 1e3},    {"c1", 100e-9}, {"l1", 10e-3}, {"r2", 2e3},
                         {"e1", 3.0},   {"r3", 500.0},  {"c2", 47e-9},  {"i1", 1e-3},  {"g1", 1e-3},
                         {"f1", 2.0},   {"h1", 100.0},  {"r5", 2e3}};

std::unique_ptr<Circuit> network(const Values& p) {
    auto c = std::make_unique<Circuit>();
    addVoltageSource(*c, "v1", "in", "0", 0.0, p.at("v1"));
    addResistor(*c, "r1", "in", "a", p.at("r1"));
    addCapacitor(*c, "c1", "a", "0", p.at("c1"));
    addInductor(*c, "l1", "a", "b", p.at("l1"));
    addResistor(*c, "r2", "b", "0", p.at("r2"));
    addVcvs(*c, "e1", "c", "0", "b", "0", p.at("e1"));
    addResistor(*c, "r3", "c", "out", p.at("r3"));
    addCapacitor(*c, "c2", "out", "0", p.at("c2"));
    addCurrentSource(*c, "i1", "0", "out", 0.0, p.at("i1"));
    addVccs(*c, "g1", "out", "0", "a", "0", p.at("g1"));
    addCccs(*c, "f1", "0", "out", "v1", p.at("f1"));
    addCcvs(*c, "h1", "d", "0", "v1", p.at("h1"));
    addResistor(*c, "r5", "d", "out", p.at("r5"));
    c->finalize();
    return c;
}

std::string vectorName(const std::string& element) {
    const char kind = element.front();
    return kind == 'e' || kind == 'f' || kind == 'g' || kind == 'h' ? element + "_gain" : element;
}

// v(out) at every frequency of the sweep, by .ac.
std::vector<Complex> outputs(const Values& values, const AcSpec& sweep) {
    auto circuit = network(values);
    ComplexPlot plot;  // .ac reports every unknown
    auto outcome = runAc(*circuit, std::vector<double>(static_cast<std::size_t>(circuit->unknownCount()) + 1, 0.0), sweep,
                         plot);
    REQUIRE(outcome.ok());
    const auto out = static_cast<std::size_t>(*circuit->nodes().findNode("out"));
    std::vector<Complex> v;
    for (const auto& row : plot.rows) v.push_back(row[out]);
    return v;
}

} // namespace

TEST_CASE("AC .sens of every element kind agrees with a central finite difference within 1e-6 relative",
          "[sens][ac]") {
    const AcSpec sweep{FrequencyGrid::Decade, 2, 100.0, 100e3};
    auto circuit = network(kNominal);
    const ComplexPlot plot = acSensitivities(*circuit, "out", sweep);
    REQUIRE(plot.info.ownVectors.size() == kNominal.size());
    for (const auto& [element, value] : kNominal) {
        const double step = 1e-4 * value;
        Values up = kNominal, down = kNominal;
        up[element] += step;
        down[element] -= step;
        const auto upper = outputs(up, sweep), lower = outputs(down, sweep);
        for (std::size_t p = 0; p < plot.rows.size(); ++p) {
            INFO(element << " at " << plot.frequencies[p] << " Hz");
            const Complex expected = (upper[p] - lower[p]) / (2.0 * step);
            CHECK(std::abs(expected) > 0.0);
            CHECK(closeRelative(plot.rows[p][plot.column(vectorName(element))], expected, 1e-6));
        }
    }
}

TEST_CASE("AC .sens gives the same numbers on one and on two threads", "[sens][ac]") {
    auto circuit = network(kNominal);
    const ComplexPlot one = acSensitivities(*circuit, "out", kSweep, 1);
    const ComplexPlot two = acSensitivities(*circuit, "out", kSweep, 2);
    CHECK(one.rows == two.rows);
}

TEST_CASE("DC .sens leaves out C and L, AC .sens lists them", "[sens][ac]") {
    auto circuit = network(kNominal);
    CHECK(sensitiveElements(*circuit, false).size() == kNominal.size() - 3);
    CHECK(sensitiveElements(*circuit, true).size() == kNominal.size());
}
