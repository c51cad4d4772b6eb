// Decks ngspice accepts (issue 25, item 3): a node without a DC path in an AC-only deck is
// solved with gmin to ground and a warning naming it; elsewhere it stays an error.
#include "tests/support/netlist_runner.hpp"
#include "tests/support/print_tables.hpp"

#include <catch2/catch.hpp>

using namespace cablespice::testing;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

// `mid` is reached only through C1 and C2: a capacitive divider, v(mid) = v(in)/2 at every
// frequency. ngspice 39 (`ngspice -b` on this deck) prints vm(mid) = 5.000000e-01 at 100 Hz,
// 1 kHz and 10 kHz after its gmin stepping.
const std::string kDivider = "floating node\n"
                             "V1 in 0 dc 0 ac 1\n"
                             "C1 in mid 1u\n"
                             "C2 mid 0 1u\n"
                             "R1 in 0 1k\n";

} // namespace

TEST_CASE("floating nodes: an AC-only deck solves them with gmin and a warning naming the node", "[app][topology]") {
    auto result = runText("float_ac.cir", kDivider + ".ac dec 1 100 10k\n.print ac vm(mid) vp(mid)\n.end\n");
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    CHECK(result.err.find(result.path + ":3:1: warning: node 'mid' has no DC path to ground: solved with gmin (1e-12 S) "
                                        "from it to ground, as ngspice does") != std::string::npos);
    // Reported once, though the deck is elaborated twice.
    CHECK(result.err.find("warning: node 'mid'") == result.err.rfind("warning: node 'mid'"));
    auto table = printTables(result.out).at(0);
    REQUIRE(table.at("vm(mid)").size() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
        // 1e-12 S beside 2*omega*C >= 1.3e-3 S moves the divider by less than 1e-9.
        CHECK_THAT(table.at("vm(mid)")[i], WithinRel(0.5, 1e-8));
        CHECK_THAT(table.at("vp(mid)")[i], WithinAbs(0.0, 1e-6));
    }
}

TEST_CASE("floating nodes: with .op or .tran the node stays an error", "[app][topology]") {
    for (const char* analysis : {".op\n", ".tran 1u 10u\n"}) {
        INFO(analysis);
        auto result = runText("float_op.cir", kDivider + ".ac dec 1 100 10k\n" + analysis + ".end\n");
        CHECK(result.exitCode == 1);
        CHECK(result.err.find("error: node 'mid' has no DC path to ground") != std::string::npos);
        CHECK(result.err.find("gmin") == std::string::npos);
    }
}

TEST_CASE("floating nodes: gmin follows .step points", "[app][topology][step]") {
    auto result = runText("float_step.cir", "floating node\n.param c=1u\nV1 in 0 dc 0 ac 1\nC1 in mid {c}\nC2 mid 0 1u\n"
                                            "R1 in 0 1k\n.step param c list 1u 3u\n.ac lin 1 1k 1k\n"
                                            ".print ac vm(mid)\n.end\n");
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    auto tables = printTables(result.out);
    REQUIRE(tables.size() == 2);
    CHECK_THAT(tables[0].at("vm(mid)")[0], WithinRel(0.5, 1e-8));   // c / (c + 1u)
    CHECK_THAT(tables[1].at("vm(mid)")[0], WithinRel(0.75, 1e-8));
}
