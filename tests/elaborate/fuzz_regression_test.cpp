// Inputs found by tests/fuzz/netlist_fuzzer that crashed (or tripped a sanitizer in) the
// front end. Each is fed through parseNetlistText and elaborate exactly as the fuzzer does;
// the test passes when the run ends in diagnostics (or a deck), never in a crash. Run the
// suite under CABLESPICE_SANITIZE to see the memory errors these guard against.
#include "parser/elaborate/elaborator.hpp"
#include "parser/parse_netlist.hpp"
#include "parser/source/diagnostic_printer.hpp"
#include "parser/source/source_manager.hpp"
#include "solver/analysis/dc_system.hpp"
#include "solver/circuit/topology_check.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace cablespice;

namespace {

struct FrontEndResult {
    bool elaborated = false;
    std::string diagnostics;  // every diagnostic, formatted
};

// parse -> elaborate -> (when it elaborates) topology check and operating point.
FrontEndResult runFrontEnd(const std::string& text) {
    SourceManager sources;
    DiagnosticPrinter printer(sources);
    DiagnosticSink sink;
    FrontEndResult result;
    try {
        ast::Netlist netlist = parseNetlistText(sources, "fuzz_regression.cir", text, sink);
        elab::Deck deck = elab::elaborate(netlist, sink);
        result.elaborated = true;
        for (const auto& diagnostic : sink.diagnostics()) result.diagnostics += printer.format(diagnostic);
        REQUIRE(deck.circuit);
        (void)solver::checkDcTopology(*deck.circuit);
        (void)solver::solveOperatingPoint(*deck.circuit);
    } catch (const SourceError& error) {
        for (const auto& diagnostic : error.diagnostics()) result.diagnostics += printer.format(diagnostic);
    }
    return result;
}

} // namespace

TEST_CASE("fuzz: a subcircuit defined twice is an error, not a use after free", "[elab][fuzz]") {
    // collectDefinitions kept a pointer to the rejected duplicate on its stack of open
    // definitions and appended the duplicate's body cards through it after it was freed.
    auto result = runFrontEnd("t\n.subckt a x\nR1 x 0 1\n.ends\n.subckt a x\nR1 x 0 1\n.ends\n.end\n");
    INFO(result.diagnostics);
    CHECK_FALSE(result.elaborated);
    CHECK(result.diagnostics.find("subcircuit 'a' is defined twice") != std::string::npos);
}

TEST_CASE("fuzz: an unterminated duplicate subcircuit reports the missing .ends", "[elab][fuzz]") {
    // The same dangling pointer was read again by the "missing '.ends'" check.
    auto result = runFrontEnd("t\n.subckt a x\nR1 x 0 1\n.ends\n.subckt a x\nR1 x 0 1\nV1 x 0 1\n.op\n.end\n");
    INFO(result.diagnostics);
    CHECK_FALSE(result.elaborated);
    CHECK(result.diagnostics.find("missing '.ends' for subcircuit 'a'") != std::string::npos);
}

TEST_CASE("fuzz: a subcircuit instantiating itself twice fails fast", "[elab][fuzz]") {
    // The depth limit alone (64) let 2^64 expansions run: a timeout, then an out-of-memory
    // from one diagnostic (with one note per level) per expanded element.
    auto result = runFrontEnd("t\n.subckt loop a\nR1 a 0 1k\nX1 a loop\nX2 a loop\n.ends\nV1 in 0 1\nX1 in loop\n.op\n.end\n");
    INFO(result.diagnostics.substr(0, 2000));
    CHECK_FALSE(result.elaborated);
    CHECK(result.diagnostics.find("nested deeper than") != std::string::npos);
    CHECK(result.diagnostics.size() < 1'000'000);
}

TEST_CASE("fuzz: subcircuit fan-out stops at the element budget", "[elab][fuzz]") {
    // Two instances of the next level, 21 levels: 2^21 resistors without the budget.
    std::string text = "fanout\nV1 in 0 1\n.subckt a1 n\nR1 n 0 1\nR2 n 0 1\n.ends\n";
    for (int i = 2; i <= 21; ++i)
        text += ".subckt a" + std::to_string(i) + " n\nX1 n a" + std::to_string(i - 1) + "\nX2 n a" +
                std::to_string(i - 1) + "\n.ends\n";
    text += "X1 in a21\n.op\n.end\n";
    auto result = runFrontEnd(text);
    INFO(result.diagnostics.substr(0, 2000));
    CHECK_FALSE(result.elaborated);
    CHECK(result.diagnostics.find("subcircuit expansion exceeds 100000 elements") != std::string::npos);
}

TEST_CASE("fuzz: a huge iteration-limit option converts to int without overflow", "[elab][fuzz]") {
    // static_cast<int>(1e300) is undefined behaviour (UBSan: float-cast-overflow).
    auto result = runFrontEnd("t\nV1 a 0 1\nR1 a 0 1k\n.options itl1=1e300 itl4=1e300 maxord=1e300\n.op\n.end\n");
    INFO(result.diagnostics);
    CHECK(result.elaborated);
}

TEST_CASE("fuzz: a .step range with too many points is an error, not an out-of-memory", "[elab][fuzz]") {
    // linearSteps generated every point (and cast the count to int) before the size check.
    for (const char* step : {".step param x 1 1e300 1", ".step param x 1 1e8 0.01", ".step dec param x 1 1e300 10000"}) {
        auto result = runFrontEnd(std::string("t\n.param x=1\nV1 a 0 1\nR1 a 0 {x}\n") + step + "\n.op\n.end\n");
        INFO(step << "\n" << result.diagnostics);
        CHECK_FALSE(result.elaborated);
        CHECK(result.diagnostics.find("more than a million step points") != std::string::npos);
    }
}

TEST_CASE("fuzz: a .dc sweep with too many points is an error", "[elab][fuzz]") {
    // sweepPointCount cast the point count to int (undefined for 1e300) and the sweep never ended.
    auto result = runFrontEnd("t\nV1 a 0 1\nR1 a 0 1k\n.dc V1 0 1e300 1e-300\n.end\n");
    INFO(result.diagnostics);
    CHECK_FALSE(result.elaborated);
    CHECK(result.diagnostics.find("DC sweep has more than 10 million points") != std::string::npos);
}
