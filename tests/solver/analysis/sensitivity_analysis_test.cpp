// .sens (DC, adjoint method) against closed forms of a divider and against a central finite
// difference of the solved output for every element of a network with each controlled source:
// the difference solves the circuit again with one value moved, sharing nothing with the
// adjoint solve.
#include "solver/analysis/sensitivity_analysis.hpp"

#include "tests/support/circuit_builders.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

using namespace cablespice::solver;
using namespace cablespice::test;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

// The one point of a sensitivity plot, by vector name.
struct SensPlot final : SolutionObserver {
    AnalysisInfo info;
    std::vector<double> values;
    bool complete = false;
    int points = 0;

    void begin(const AnalysisInfo& begun) override { info = begun; }
    void realPoint(double, std::span<const double> x) override {
        values.assign(x.begin(), x.end());
        ++points;
    }
    void complexPoint(double, std::span<const std::complex<double>>) override { FAIL("a DC .sens plot is real"); }
    void end(bool done) override { complete = done; }

    std::map<std::string, double> byName() const {
        std::map<std::string, double> named;
        for (std::size_t k = 0; k < info.ownVectors.size(); ++k) named[info.ownVectors[k].name] = values.at(k);
        return named;
    }
};

using Values = std::map<std::string, double>;

// V1 in 0 10; R1 in a 1k; R2 a 0 2k; E1 b 0 a 0 3; R3 b out 500; R4 out 0 1k; I1 0 out 1m;
// G1 out 0 a 0 1m; F1 0 out V1 2; H1 c 0 V1 100; R5 c out 2k.
const Values kNominal = {{"v1", 10.0}, {"r1", 1e3},  {"r2", 2e3},  {"e1", 3.0},   {"r3", 500.0}, {"r4", 1e3},
                         {"i1", 1e-3}, {"g1", 1e-3}, {"f1", 2.0},  {"h1", 100.0}, {"r5", 2e3}};

std::unique_ptr<Circuit> network(const Values& p) {
    auto c = std::make_unique<Circuit>();
    addVoltageSource(*c, "v1", "in", "0", p.at("v1"));
    addResistor(*c, "r1", "in", "a", p.at("r1"));
    addResistor(*c, "r2", "a", "0", p.at("r2"));
    addVcvs(*c, "e1", "b", "0", "a", "0", p.at("e1"));
    addResistor(*c, "r3", "b", "out", p.at("r3"));
    addResistor(*c, "r4", "out", "0", p.at("r4"));
    addCurrentSource(*c, "i1", "0", "out", p.at("i1"));
    addVccs(*c, "g1", "out", "0", "a", "0", p.at("g1"));
    addCccs(*c, "f1", "0", "out", "v1", p.at("f1"));
    addCcvs(*c, "h1", "c", "0", "v1", p.at("h1"));
    addResistor(*c, "r5", "c", "out", p.at("r5"));
    c->finalize();
    return c;
}

std::string vectorName(const std::string& element) {
    const char kind = element.front();
    return kind == 'e' || kind == 'f' || kind == 'g' || kind == 'h' ? element + "_gain" : element;
}

SensSpec voltageOutput(const Circuit& circuit, std::string_view node) {
    SensSpec spec;
    spec.outputPositive = *circuit.nodes().findNode(node);
    return spec;
}

SensPlot sensitivities(const Circuit& circuit, const SensSpec& spec) {
    SensPlot plot;
    auto outcome = runSensitivity(circuit, spec, plot);
    INFO((outcome ? std::string() : outcome.error().message));
    REQUIRE(outcome.ok());
    REQUIRE(plot.complete);
    REQUIRE(plot.points == 1);
    CHECK(plot.info.plotName == "Sensitivity Analysis");
    return plot;
}

// d output / d element by a central difference, each side solved from scratch.
template <class Output>
double centralDifference(const std::string& element, Output output) {
    const double step = 1e-4 * kNominal.at(element);
    Values up = kNominal, down = kNominal;
    up[element] += step;
    down[element] -= step;
    auto upCircuit = network(up), downCircuit = network(down);
    return (output(solveDc(*upCircuit)) - output(solveDc(*downCircuit))) / (2 * step);
}

template <class Output>
void checkAgainstFiniteDifferences(const SensPlot& plot, Output output) {
    const auto named = plot.byName();
    REQUIRE(named.size() == kNominal.size());
    for (const auto& [element, value] : kNominal) {
        INFO(element);
        const double expected = centralDifference(element, output);
        CHECK(expected != 0.0);
        CHECK_THAT(named.at(vectorName(element)), WithinRel(expected, 1e-6));
    }
}

} // namespace

TEST_CASE(".sens of a divider's output equals the closed form, and elements beyond it give 0", "[sens]") {
    auto circuit = network(kNominal);
    const auto named = sensitivities(*circuit, voltageOutput(*circuit, "a")).byName();
    const double v = 10.0, r1 = 1e3, r2 = 2e3;
    CHECK_THAT(named.at("r1"), WithinRel(-v * r2 / ((r1 + r2) * (r1 + r2)), 1e-12));
    CHECK_THAT(named.at("r2"), WithinRel(v * r1 / ((r1 + r2) * (r1 + r2)), 1e-12));
    CHECK_THAT(named.at("v1"), WithinRel(r2 / (r1 + r2), 1e-12));
    for (const char* downstream : {"e1_gain", "r3", "r4", "i1", "g1_gain", "f1_gain", "h1_gain", "r5"}) {
        INFO(downstream);
        CHECK_THAT(named.at(downstream), WithinAbs(0.0, 1e-15));
    }
}

TEST_CASE(".sens of v(out) agrees with a central finite difference for every element", "[sens]") {
    auto circuit = network(kNominal);
    checkAgainstFiniteDifferences(sensitivities(*circuit, voltageOutput(*circuit, "out")),
                                  [](const DcSolution& s) { return s.v("out"); });
}

TEST_CASE(".sens of v(b,out) and of i(v1) agree with central finite differences", "[sens]") {
    auto circuit = network(kNominal);
    SensSpec between = voltageOutput(*circuit, "b");
    between.outputNegative = *circuit->nodes().findNode("out");
    checkAgainstFiniteDifferences(sensitivities(*circuit, between), [](const DcSolution& s) { return s.v("b", "out"); });

    SensSpec current;
    current.outputSource = "v1";
    current.outputPositive = *circuit->nodes().findBranch("v1");
    const SensPlot plot = sensitivities(*circuit, current);
    CHECK(plot.info.ownVectors.front().type == VectorType::Current);
    // i(v1) depends on v1, r1 and r2 only.
    const double r1 = 1e3, r2 = 2e3;
    const auto named = plot.byName();
    CHECK_THAT(named.at("v1"), WithinRel(-1.0 / (r1 + r2), 1e-12));
    CHECK_THAT(named.at("r1"), WithinRel(10.0 / ((r1 + r2) * (r1 + r2)), 1e-12));
}
