// .sens through the CLI: the card, the printed "Sensitivity Analysis" table (closed forms of a
// divider), and the errors of a bad card at its text.
#include "tests/support/netlist_runner.hpp"
#include "tests/support/shell_command.hpp"

#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

using namespace cablespice::testing;
using Catch::Matchers::WithinRel;

namespace {

// The header and first data row after the printed plot named `plot` (the index column dropped).
struct Table {
    std::vector<std::string> names;
    std::vector<double> values;
};

Table firstRow(const std::string& out, const std::string& plot) {
    std::istringstream lines(out.substr(out.find(plot)));
    std::string line, field;
    Table table;
    std::getline(lines, line);  // plot name
    std::getline(lines, line);
    std::istringstream header(line);
    header >> field;  // Index
    while (header >> field) table.names.push_back(field);
    std::getline(lines, line);
    std::istringstream row(line);
    row >> field;
    while (row >> field) table.values.push_back(std::stod(field));
    return table;
}

std::string divider(const std::string& sens) {
    return "sens of a divider\nV1 in 0 10\nR1 in a 1k\nR2 a 0 3k\n" + sens + "\n.end\n";
}

} // namespace

TEST_CASE(".sens v(a) of a divider prints dv/dR1 = -V R2/(R1+R2)^2, dv/dR2 = V R1/(R1+R2)^2, dv/dV = R2/(R1+R2)",
          "[app][sens]") {
    auto result = runText("sens_divider.cir", divider(".sens v(a)"));
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    const Table table = firstRow(result.out, "Sensitivity Analysis");
    REQUIRE(table.names == std::vector<std::string>{"v1", "r1", "r2"});
    CHECK_THAT(table.values.at(0), WithinRel(0.75, 1e-8));
    CHECK_THAT(table.values.at(1), WithinRel(-10.0 * 3e3 / 16e6, 1e-8));
    CHECK_THAT(table.values.at(2), WithinRel(10.0 * 1e3 / 16e6, 1e-8));
}

TEST_CASE("A bad .sens card is an error at its text", "[app][sens]") {
    auto form = runText("sens_form.cir", divider(".sens vm(a)"));
    CHECK(form.exitCode == 1);
    CHECK(form.err.find("sens_form.cir:5:7: error: expected an output v(node), v(a,b), i(vsrc) or 'cmrr'") != std::string::npos);

    auto ac = runText("sens_ac.cir", divider(".sens v(a) ac dec 10 10 100 at=0"));
    CHECK(ac.exitCode == 1);
    CHECK(ac.err.find("sens_ac.cir:5:29: error: at= must be a frequency > 0") != std::string::npos);

    auto budget = runText("sens_budget.cir", divider(".sens cmrr at=60"));
    CHECK(budget.exitCode == 1);
    CHECK(budget.err.find("sens_budget.cir:5:1: error: .sens cmrr needs a .cmrr analysis in the deck") != std::string::npos);

    auto node = runText("sens_node.cir", divider(".sens v(a,nowhere)"));
    CHECK(node.exitCode == 1);
    CHECK(node.err.find("sens_node.cir:5:1: error: no node named 'nowhere' for the .sens output") != std::string::npos);

    auto source = runText("sens_source.cir", divider(".sens i(r1)"));
    CHECK(source.exitCode == 1);
    CHECK(source.err.find("sens_source.cir:5:1: error: .sens output i(r1): 'r1' is not an independent voltage source") !=
          std::string::npos);
}

namespace {

// Python's json module parses the --json file of `netlist` and evaluates `expression` on it (d).
std::string jsonQuery(const std::string& name, const std::string& netlist, const std::string& expression) {
    cablespice::app::RunOptions options;
    const auto json = scratchDirectory() / (name + ".json");
    options.jsonFile = json;
    auto result = runText(name + ".cir", netlist, options);
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    auto parsed = runShell("python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(" + expression + ")' " +
                           json.string() + " 2>&1");
    INFO(parsed.output);
    REQUIRE(parsed.exitCode == 0);
    return parsed.output;
}

} // namespace

TEST_CASE("The normalized .sens table: the change of v(a) for +1 % of each value, printed and in JSON", "[app][sens]") {
    // dv/dR1 * R1 / 100 = -V R1 R2 / (R1+R2)^2 / 100 = -0.01875 V; v1: 0.75 * 10 / 100.
    auto result = runText("sens_norm.cir", divider(".sens v(a)"));
    REQUIRE(result.exitCode == 0);
    CHECK(result.out.find("Sensitivity of v(a) to +1 % of each element value (largest first):") != std::string::npos);
    CHECK(result.out.find("  v1                           10           0.75            0.075") != std::string::npos);
    const std::string dc = jsonQuery("sens_norm_json", divider(".sens v(a)"),
                                     "[d[\"points\"][0][\"sensitivity\"][0][\"points\"][0][\"elements\"][n][\"change_1pct\"] "
                                     "for n in (\"v1\", \"r1\", \"r2\")]");
    CHECK(dc == "[0.075, -0.01875, 0.01875]\n");
}

TEST_CASE("AC .sens in JSON: every frequency's sensitivities and +1 % changes as [re, im] (RC: dv/dR = -jwC/(1+jwRC)^2)",
          "[app][sens]") {
    // R = 1k, C = 1/(2 pi 1k) uF: at 1 kHz wRC = 1, dv/dR = -j w C / (1 + j)^2 = -1/(2R) = -5e-4 per ohm.
    const std::string netlist = "rc\nV1 in 0 AC 1\nR1 in out 1k\nC1 out 0 {1/(2*pi*1k*1k)}\n"
                                ".sens v(out) ac lin 2 1k 2k at=1k\n.end\n";
    const std::string ac = jsonQuery("sens_ac_json", netlist,
                                     "len(d[\"points\"][0][\"sensitivity\"][0][\"points\"]), "
                                     "[round(x, 12) + 0.0 for x in d[\"points\"][0][\"sensitivity\"][0][\"points\"][0][\"elements\"][\"r1\"][\"sensitivity\"]], "
                                     "[round(x, 12) + 0.0 for x in d[\"points\"][0][\"sensitivity\"][0][\"points\"][0][\"elements\"][\"r1\"][\"change_1pct\"]]");
    CHECK(ac == "2 [-0.0005, 0.0] [-0.005, 0.0]\n");
}
