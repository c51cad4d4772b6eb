#include "solver/circuit/topology_check.hpp"
#include "tests/support/circuit_builders.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>

using namespace cablespice::solver;
using namespace cablespice::test;

namespace {

std::set<std::string> deviceNames(const TopologyProblem& problem) {
    std::set<std::string> names;
    for (const auto* d : problem.devices) names.insert(d->name());
    return names;
}

std::vector<TopologyProblem> problemsOfKind(const std::vector<TopologyProblem>& all, TopologyProblemKind kind) {
    std::vector<TopologyProblem> out;
    std::copy_if(all.begin(), all.end(), std::back_inserter(out), [kind](const auto& p) { return p.kind == kind; });
    return out;
}

} // namespace

TEST_CASE("A healthy circuit has no topology problems", "[topology]") {
    Circuit c;
    addVoltageSource(c, "v1", "in", "0", 1.0);
    addResistor(c, "r1", "in", "a", 1e3);
    addCapacitor(c, "c1", "a", "0", 1e-9);
    addInductor(c, "l1", "a", "b", 1e-6);
    addResistor(c, "r2", "b", "0", 50.0);
    addCurrentSource(c, "i1", "0", "b", 1e-3);
    addVcvs(c, "e1", "e", "0", "b", "0", 2.0);
    addResistor(c, "re", "e", "0", 1e3);
    CHECK(checkDcTopology(c).empty());
    c.finalize();
    CHECK(checkDcTopology(c).empty());
}

TEST_CASE("A node connected only to a capacitor is reported floating with that node and device", "[topology]") {
    Circuit c;
    addVoltageSource(c, "v1", "in", "0", 1.0);
    addResistor(c, "r1", "in", "0", 1e3);
    addCapacitor(c, "c1", "in", "f", 1e-6);
    auto problems = checkDcTopology(c);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].kind == TopologyProblemKind::FloatingNode);
    CHECK(problems[0].node == *c.nodes().findNode("f"));
    CHECK(deviceNames(problems[0]) == std::set<std::string>{"c1"});
}

TEST_CASE("A node reached only through a current source is reported floating", "[topology]") {
    Circuit c;
    addVoltageSource(c, "v1", "in", "0", 1.0);
    addResistor(c, "r1", "in", "0", 1e3);
    addCurrentSource(c, "i1", "in", "x", 1e-3);
    auto problems = checkDcTopology(c);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].kind == TopologyProblemKind::FloatingNode);
    CHECK(problems[0].node == *c.nodes().findNode("x"));
    CHECK(deviceNames(problems[0]) == std::set<std::string>{"i1"});
}

TEST_CASE("A resistor island coupled only through a capacitor is reported floating with its devices", "[topology]") {
    Circuit c;
    addVoltageSource(c, "v1", "in", "0", 1.0);
    addCapacitor(c, "c1", "in", "x", 1e-9);
    addResistor(c, "rx", "x", "y", 1e3);
    auto all = checkDcTopology(c);
    auto problems = problemsOfKind(all, TopologyProblemKind::FloatingNode);
    CHECK(problems.size() == all.size());
    REQUIRE_FALSE(problems.empty());
    // One report per node or one per group: either way only x and y, and c1 and rx are named.
    const std::set<Unknown> island{*c.nodes().findNode("x"), *c.nodes().findNode("y")};
    std::set<std::string> named;
    for (const auto& p : problems) {
        CHECK(island.count(p.node) == 1);
        for (const auto& name : deviceNames(p)) named.insert(name);
    }
    CHECK(named.count("c1") == 1);
    CHECK(named.count("rx") == 1);
    CHECK(named.count("v1") == 0);
}

TEST_CASE("A VCCS control input alone does not give a node a DC path", "[topology]") {
    Circuit c;
    addVoltageSource(c, "v1", "in", "0", 1.0);
    addVccs(c, "g1", "in", "0", "sense", "0", 1e-3);
    auto problems = checkDcTopology(c);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].kind == TopologyProblemKind::FloatingNode);
    CHECK(problems[0].node == *c.nodes().findNode("sense"));
    CHECK(deviceNames(problems[0]) == std::set<std::string>{"g1"});
}

TEST_CASE("Two parallel voltage sources are reported as a voltage loop naming both", "[topology]") {
    Circuit c;
    addVoltageSource(c, "v1", "a", "0", 1.0);
    addVoltageSource(c, "v2", "a", "0", 2.0);
    addResistor(c, "r1", "a", "0", 1e3);
    auto problems = checkDcTopology(c);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].kind == TopologyProblemKind::VoltageLoop);
    CHECK(deviceNames(problems[0]) == std::set<std::string>{"v1", "v2"});
}

TEST_CASE("A voltage source across an inductor is reported as a voltage loop", "[topology]") {
    Circuit c;
    addVoltageSource(c, "v1", "a", "0", 1.0);
    addInductor(c, "l1", "a", "0", 1e-3);
    auto problems = checkDcTopology(c);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].kind == TopologyProblemKind::VoltageLoop);
    CHECK(deviceNames(problems[0]) == std::set<std::string>{"v1", "l1"});
}

TEST_CASE("A loop of three voltage-defining elements names all three and not the resistors", "[topology]") {
    Circuit c;
    addVoltageSource(c, "v1", "a", "0", 1.0);
    addInductor(c, "l1", "a", "b", 1e-3);
    addResistor(c, "r1", "a", "0", 1e3);
    addVcvs(c, "e1", "b", "0", "a", "0", 1.0);
    addResistor(c, "r2", "b", "0", 1e3);
    auto problems = checkDcTopology(c);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].kind == TopologyProblemKind::VoltageLoop);
    CHECK(deviceNames(problems[0]) == std::set<std::string>{"v1", "l1", "e1"});
}

TEST_CASE("A voltage source shorted on itself is a voltage loop", "[topology]") {
    Circuit c;
    addVoltageSource(c, "v1", "a", "a", 1.0);
    addResistor(c, "r1", "a", "0", 1e3);
    auto problems = checkDcTopology(c);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].kind == TopologyProblemKind::VoltageLoop);
    CHECK(deviceNames(problems[0]) == std::set<std::string>{"v1"});
}

TEST_CASE("DcSystem on a circuit with a floating node reports SingularMatrix instead of crashing",
          "[topology][dc]") {
    Circuit c;
    addVoltageSource(c, "v1", "in", "0", 1.0);
    addResistor(c, "r1", "in", "0", 1e3);
    addCapacitor(c, "c1", "in", "f", 1e-6);
    c.finalize();
    DcSystem system(c);
    auto outcome = system.factor();
    REQUIRE_FALSE(outcome.ok());
    CHECK(outcome.error().kind == SolveErrorKind::SingularMatrix);
    CHECK(outcome.error().unknown == *c.nodes().findNode("f"));

    auto op = solveOperatingPoint(c);
    REQUIRE_FALSE(op.ok());
    CHECK(op.error().kind == SolveErrorKind::SingularMatrix);
}

TEST_CASE("DcSystem on parallel voltage sources reports SingularMatrix", "[topology][dc]") {
    Circuit c;
    addVoltageSource(c, "v1", "a", "0", 1.0);
    addVoltageSource(c, "v2", "a", "0", 2.0);
    addResistor(c, "r1", "a", "0", 1e3);
    c.finalize();
    DcSystem system(c);
    auto outcome = system.factor();
    REQUIRE_FALSE(outcome.ok());
    CHECK(outcome.error().kind == SolveErrorKind::SingularMatrix);
}

TEST_CASE("DcSystem on a voltage source across an inductor reports SingularMatrix", "[topology][dc]") {
    Circuit c;
    addVoltageSource(c, "v1", "a", "0", 1.0);
    addInductor(c, "l1", "a", "0", 1e-3);
    c.finalize();
    auto op = solveOperatingPoint(c);
    REQUIRE_FALSE(op.ok());
    CHECK(op.error().kind == SolveErrorKind::SingularMatrix);
}
