// --json output is valid JSON whatever mix of diagnostics and failed measurements a point has
// (two failed measurements and no diagnostic once wrote "errors": ["x: ...""y: ..."]).
#include "tests/support/netlist_runner.hpp"
#include "tests/support/shell_command.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <string>

using namespace cablespice::testing;

TEST_CASE("JSON output lists every failed measurement of a point as a separate error, in valid JSON", "[app][json]") {
    cablespice::app::RunOptions options;
    const auto json = scratchDirectory() / "two_failed.json";
    options.jsonFile = json;
    auto result = runText("two_failed.cir", "rc\nV1 a 0 1\nR1 a b 1k\nC1 b 0 1u\n.tran 10u 1m\n"
                                            ".meas tran x FIND v(b) AT=5m\n.meas tran y FIND v(a) AT=6m\n.end\n",
                          options);
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    // Python's json module (python3 is a build dependency) parses the file and prints the errors.
    auto parsed = runShell("python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); "
                           "print(len(d[\"points\"][0][\"errors\"]), *[e.split(\":\")[0] for e in d[\"points\"][0][\"errors\"]])' " +
                           json.string() + " 2>&1");
    INFO(parsed.output);
    CHECK(parsed.exitCode == 0);
    CHECK(parsed.output == "2 x y\n");
}
