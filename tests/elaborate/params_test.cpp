#include "tests/support/netlist_runner.hpp"
#include "tests/support/print_tables.hpp"
#include "tests/support/skip.hpp"

#include <catch2/catch.hpp>

using namespace cablespice::testing;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

TEST_CASE("Parameters with expressions, suffixes and forward references set element values", "[elab][param]") {
    auto result = runText("params.cir", R"(params
.param rtop = {2*rbase} rbase=1k
.param vin='max(1, 5) * 2'
.func half(x) = {x/2}
V1 in 0 {vin}
R1 in mid {rtop}
R2 mid 0 {half(4k)}
.op
.end
)");
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    // 10 V across 2k over 2k: 5 V.
    CHECK_THAT(opValue(result.out, "v(mid)"), WithinAbs(10.0 * 2e3 / 4e3, 1e-12));
}

TEST_CASE("A parameter dependency cycle is an error naming the chain", "[elab][param]") {
    auto result = runText("cycle.cir", "cycle\n.param a={b+1}\n.param b={c+1} c={a+1}\nV1 in 0 1\nR1 in 0 {a}\n.op\n.end\n");
    INFO(result.err);
    CHECK(result.exitCode == 1);
    CHECK(result.err.find("parameter dependency cycle: a -> b -> c -> a") != std::string::npos);
}

TEST_CASE("An unknown parameter in an expression is an error at its position", "[elab][param]") {
    auto result = runText("unknown_param_expr.cir", "t\nV1 in 0 1\nR1 in 0 {rr*2}\n.op\n.end\n");
    INFO(result.err);
    CHECK(result.exitCode == 1);
    CHECK(result.err.find(result.path + ":3:10: error: unknown parameter 'rr'") != std::string::npos);
}

TEST_CASE("A -D override replaces a top-level parameter before elaboration", "[elab][param]") {
    cablespice::app::RunOptions options;
    options.overrides.push_back({"rl", "3k"});
    auto result = runText("define.cir", "t\n.param rl=1k\nV1 in 0 4\nR1 in out 1k\nR2 out 0 {rl}\n.op\n.end\n", options);
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    CHECK_THAT(opValue(result.out, "v(out)"), WithinAbs(4.0 * 3.0 / 4.0, 1e-12));
}

TEST_CASE("A -D override of a parameter the netlist does not define is an error", "[elab][param]") {
    cablespice::app::RunOptions options;
    options.overrides.push_back({"nosuch", "1"});
    auto result = runText("define_bad.cir", "t\n.param rl=1k\nV1 in 0 4\nR2 in 0 {rl}\n.op\n.end\n", options);
    CHECK(result.exitCode == 1);
    CHECK(result.err.find("no top-level .param 'nosuch'") != std::string::npos);
}

TEST_CASE("Subcircuit internals are named hierarchically as ngspice does", "[elab][subckt]") {
    auto result = runText("subckt_names.cir", R"(names
.subckt divider top bottom mid params: ratio=0.5
Rt top mid {(1-ratio)*10k}
Rb mid bottom {ratio*10k}
Vs mid inner 0
Ri inner bottom 1meg
.ends divider
V1 in 0 10
X1 in 0 tap divider ratio=0.25
.op
.end
)");
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    // Rt = 7.5k, Rb = 2.5k || (1 Meg through the 0 V sense source).
    double rb = 1.0 / (1.0 / 2.5e3 + 1.0 / 1e6);
    double tap = 10.0 * rb / (rb + 7.5e3);
    CHECK_THAT(opValue(result.out, "v(tap)"), WithinRel(tap, 1e-8));
    CHECK_THAT(opValue(result.out, "v(x1.inner)"), WithinRel(tap, 1e-8));
    CHECK_THAT(opValue(result.out, "i(v.x1.vs)"), WithinRel(tap / 1e6, 1e-8));
}

TEST_CASE("A .param inside a subcircuit shadows the global one", "[elab][subckt]") {
    auto result = runText("shadow.cir", R"(shadow
.param r=1k
.subckt load a
.param r=3k
R1 a 0 {r}
.ends
V1 in 0 1
R0 in out {r}
X1 out load
.op
.end
)");
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    CHECK_THAT(opValue(result.out, "v(out)"), WithinAbs(3.0 / 4.0, 1e-12));
}

TEST_CASE("Nested subcircuit instances nest their names", "[elab][subckt]") {
    auto result = runText("nested.cir", R"(nested
.subckt half a b
R1 a m 1k
R2 m b 1k
.ends
.subckt quarter a b
X1 a m half
X2 m b half
.ends
V1 in 0 4
Xq in 0 quarter
.op
.end
)");
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    CHECK_THAT(opValue(result.out, "v(xq.m)"), WithinAbs(2.0, 1e-12));
    CHECK_THAT(opValue(result.out, "v(xq.x1.m)"), WithinAbs(3.0, 1e-12));
}

TEST_CASE("An error inside a subcircuit carries the instantiation chain", "[elab][subckt]") {
    auto result = runText("subckt_error.cir", "t\n.subckt bad a\nR1 a 0 1.2.3\n.ends\nV1 in 0 1\nX7 in bad\n.op\n.end\n");
    INFO(result.err);
    CHECK(result.exitCode == 1);
    CHECK(result.err.find(result.path + ":3:8: error: bad number '1.2.3'") != std::string::npos);
    CHECK(result.err.find(result.path + ":6:1: note: in instance 'X7' of subcircuit 'bad'") != std::string::npos);
}

TEST_CASE("Instance port count mismatch and unknown subcircuits are errors", "[elab][subckt]") {
    auto result = runText("subckt_ports.cir", "t\n.subckt two a b\nR1 a b 1k\n.ends\nV1 in 0 1\nX1 in two\nX2 in 0 tow\n.op\n.end\n");
    INFO(result.err);
    CHECK(result.exitCode == 1);
    CHECK(result.err.find("subcircuit 'two' has 2 ports but 'X1' connects 1 nodes") != std::string::npos);
    CHECK(result.err.find("unknown subcircuit 'tow'; did you mean 'two'?") != std::string::npos);
}

TEST_CASE("A recursive subcircuit is an error, not a hang", "[elab][subckt]") {
    auto result = runText("recursive.cir", "t\n.subckt loop a\nR1 a 0 1k\nX1 a loop\n.ends\nV1 in 0 1\nX1 in loop\n.op\n.end\n");
    CHECK(result.exitCode == 1);
    CHECK(result.err.find("nested deeper than") != std::string::npos);
}

TEST_CASE("Unbalanced .subckt and .ends are errors", "[elab][subckt]") {
    auto result = runText("unbalanced.cir", "t\n.subckt open a\nR1 a 0 1k\nV1 in 0 1\nR2 in 0 1k\n.op\n.end\n");
    CHECK(result.exitCode == 1);
    CHECK(result.err.find("missing '.ends' for subcircuit 'open'") != std::string::npos);
}

TEST_CASE("The shared peer-suite scoping case matches its closed form", "[elab][subckt]") {
    if (cablespice::testing::sharedDirectoryMissing()) {
        CABLESPICE_SKIP_TEST(CABLESPICE_SHARED_DIR " not found");
    }
    auto path = std::string(CABLESPICE_SHARED_DIR) + "/peer-suite/40_dc_xyce_subckt_local_param.cir";
    auto result = runFile(path);
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    // V1 sweeps 0..5 V across R1 = {RES} inside the subcircuit, where RES = 10k shadows the
    // global 5k: i(v1) = -V/10k (SPICE sign; -V/5k would mean the global value leaked in).
    auto tables = cablespice::testing::printTables(result.out);
    REQUIRE(tables.size() == 1);
    const auto& sweep = tables.front().at("v-sweep");
    const auto& current = tables.front().at("i(v1)");
    REQUIRE(sweep.size() == 6);
    REQUIRE(current.size() == sweep.size());
    for (std::size_t k = 0; k < sweep.size(); ++k) {
        CHECK_THAT(sweep[k], Catch::Matchers::WithinAbs(static_cast<double>(k), 1e-12));
        CHECK_THAT(current[k], Catch::Matchers::WithinAbs(-sweep[k] / 10e3, 1e-12));
    }
}
