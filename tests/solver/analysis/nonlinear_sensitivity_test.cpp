// DC .sens of a nonlinear circuit: the adjoint on the Jacobian at the operating point against a
// central finite difference of operating points solved to tight tolerances (each side a new
// Newton solve), for every linear element of a diode network; AC .sens of it is refused.
#include "solver/analysis/operating_point.hpp"
#include "solver/analysis/sensitivity_analysis.hpp"
#include "solver/devices/diode.hpp"

#include "tests/support/circuit_builders.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <memory>
#include <string>

using namespace cablespice::solver;
using namespace cablespice::test;
using Catch::Matchers::WithinRel;

namespace {

using Values = std::map<std::string, double>;

// V1 in 0 5; R1 in a 1k; D1 a k (IS=1e-14, N=1.5, RS=5); R2 k 0 200; R3 a 0 10k; I1 0 a 1m;
// E1 b 0 a 0 2; R4 b out 1k; R5 out 0 3k.
const Values kNominal = {{"v1", 5.0}, {"r1", 1e3},  {"r2", 200.0}, {"r3", 10e3}, {"i1", 1e-3},
                         {"e1", 2.0}, {"r4", 1e3}, {"r5", 3e3}};

std::unique_ptr<Circuit> network(const Values& p) {
    auto c = std::make_unique<Circuit>();
    addVoltageSource(*c, "v1", "in", "0", p.at("v1"));
    addResistor(*c, "r1", "in", "a", p.at("r1"));
    DiodeModelParameters model;
    model.is = 1e-14;
    model.n = 1.5;
    model.rs = 5.0;
    c->add<Diode>("d1", cablespice::SourceRange{}, node(*c, "a"), node(*c, "k"), diodeConstants(model, 1.0, 27.0, 27.0));
    addResistor(*c, "r2", "k", "0", p.at("r2"));
    addResistor(*c, "r3", "a", "0", p.at("r3"));
    addCurrentSource(*c, "i1", "0", "a", p.at("i1"));
    addVcvs(*c, "e1", "b", "0", "a", "0", p.at("e1"));
    addResistor(*c, "r4", "b", "out", p.at("r4"));
    addResistor(*c, "r5", "out", "0", p.at("r5"));
    c->finalize();
    return c;
}

DcSettings tight() {
    DcSettings settings;
    settings.tol.reltol = 1e-12;
    settings.tol.vntol = 1e-15;
    settings.tol.abstol = 1e-18;
    return settings;
}

OperatingPoint operatingPoint(const Circuit& circuit) {
    auto op = solveDcOperatingPoint(circuit, tight());
    REQUIRE(op.ok());
    return std::move(op.value());
}

double vOut(const Values& values) {
    auto circuit = network(values);
    const OperatingPoint op = operatingPoint(*circuit);
    return op.x[static_cast<std::size_t>(*circuit->nodes().findNode("out"))];
}

struct Row final : SolutionObserver {
    AnalysisInfo info;
    std::vector<double> values;
    void begin(const AnalysisInfo& begun) override { info = begun; }
    void realPoint(double, std::span<const double> x) override { values.assign(x.begin(), x.end()); }
    void complexPoint(double, std::span<const std::complex<double>>) override {}
    void end(bool) override {}
};

} // namespace

TEST_CASE("DC .sens of a diode network at its operating point agrees with a central finite difference of solved "
          "operating points",
          "[sens][nonlinear]") {
    auto circuit = network(kNominal);
    const OperatingPoint op = operatingPoint(*circuit);
    SensSpec spec;
    spec.outputPositive = *circuit->nodes().findNode("out");
    Row row;
    auto outcome = runSensitivity(*circuit, spec, row, 1, &op);
    REQUIRE(outcome.ok());
    REQUIRE(row.info.ownVectors.size() == kNominal.size());
    for (std::size_t k = 0; k < row.info.ownVectors.size(); ++k) {
        std::string element = row.info.ownVectors[k].name;
        element = element.substr(0, element.find('_'));
        INFO(element);
        const double step = 1e-4 * kNominal.at(element);
        Values up = kNominal, down = kNominal;
        up[element] += step;
        down[element] -= step;
        const double expected = (vOut(up) - vOut(down)) / (2.0 * step);
        CHECK(expected != 0.0);
        // The difference's own error: O(step^2) curvature of the exponential and the Newton
        // solves' residual (1e-12 relative), about 1e-7 relative here.
        CHECK_THAT(row.values[k], WithinRel(expected, 1e-6));
    }
}

TEST_CASE("AC .sens of a nonlinear circuit is an error that says why", "[sens][nonlinear]") {
    auto circuit = network(kNominal);
    SensSpec spec;
    spec.outputPositive = *circuit->nodes().findNode("out");
    spec.sweep = AcSpec{FrequencyGrid::Decade, 1, 10.0, 100.0};
    Row row;
    auto outcome = runSensitivity(*circuit, spec, row);
    REQUIRE(!outcome.ok());
    CHECK(outcome.error().message.find("AC .sens of a nonlinear circuit") != std::string::npos);
}
