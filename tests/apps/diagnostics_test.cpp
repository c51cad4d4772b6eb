#include "tests/support/netlist_runner.hpp"

#include <catch2/catch.hpp>

using namespace cablespice::testing;

namespace {

// True when stderr holds "PATH:LINE:COL: error: MESSAGE" (message may continue).
bool hasError(const RunResult& result, int line, int column, const std::string& message) {
    std::string needle = result.path + ":" + std::to_string(line) + ":" + std::to_string(column) + ": error: " + message;
    return result.err.find(needle) != std::string::npos;
}

int countOf(const std::string& text, const std::string& needle) {
    int count = 0;
    for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) ++count;
    return count;
}

} // namespace

TEST_CASE("An unknown element letter is an error at the element name", "[app][diagnostics]") {
    auto result = runText("unknown_letter.cir", "t\nV1 a 0 1\nR1 a 0 1k\nN1 a 0 1k\n.op\n.end\n");
    INFO(result.err);
    CHECK(result.exitCode == 1);
    CHECK(hasError(result, 4, 1, "unknown element type 'N' in 'N1'"));
    CHECK(result.err.find("N1 a 0 1k\n^~") != std::string::npos);
}

TEST_CASE("A missing node is reported after the last token of the card", "[app][diagnostics]") {
    auto result = runText("missing_node.cir", "t\nV1 in 0 1\nR3 in\n.op\n.end\n");
    INFO(result.err);
    CHECK(result.exitCode == 1);
    CHECK(hasError(result, 3, 6, "expected node name after 'in'"));
}

TEST_CASE("Bad numbers are errors at the number, all reported in one run", "[app][diagnostics]") {
    auto result = runText("bad_numbers.cir", "t\nV1 a 0 1\nR1 a 0 1.2.3\nR2 a 0 10q\n.op\n.end\n");
    INFO(result.err);
    CHECK(result.exitCode == 1);
    CHECK(hasError(result, 3, 8, "bad number '1.2.3'"));
    CHECK(hasError(result, 4, 8, "bad number '10q'"));
}

TEST_CASE("An unknown parameter name is an error with a did-you-mean note", "[app][diagnostics]") {
    auto result = runText("unknown_param.cir", "t\nV1 a 0 1\nR1 a 0 1k tc3=1\n.op\n.end\n");
    INFO(result.err);
    CHECK(result.exitCode == 1);
    CHECK(hasError(result, 3, 11, "unknown parameter 'tc3' for resistor 'R1'"));
    CHECK(result.err.find("note: did you mean 'tc1'?") != std::string::npos);
}

TEST_CASE("A duplicate element name is an error with a note at the first definition", "[app][diagnostics]") {
    auto result = runText("duplicate.cir", "t\nV1 a 0 1\nR1 a 0 1k\nr1 a 0 2k\n.op\n.end\n");
    INFO(result.err);
    CHECK(result.exitCode == 1);
    CHECK(hasError(result, 4, 1, "duplicate element name 'r1'"));
    CHECK(result.err.find(result.path + ":3:1: note: previous definition") != std::string::npos);
}

TEST_CASE("A controlling source that does not exist is an error at its name", "[app][diagnostics]") {
    auto result = runText("no_controller.cir", "t\nV1 a 0 1\nR1 a 0 1k\nF1 b 0 vx 2\nR2 b 0 1k\n.op\n.end\n");
    INFO(result.err);
    CHECK(result.exitCode == 1);
    CHECK(hasError(result, 4, 8, "controlling source 'vx' of 'F1' does not exist"));
}

TEST_CASE("A netlist with no ground node is an error", "[app][diagnostics]") {
    auto result = runText("no_ground.cir", "t\nV1 a b 1\nR1 a b 1k\n.op\n.end\n");
    INFO(result.err);
    CHECK(result.exitCode == 1);
    CHECK(hasError(result, 2, 1, "netlist has no ground node"));
}

TEST_CASE("A floating node is named with the only elements it connects to", "[app][diagnostics]") {
    auto result = runText("floating.cir", "t\nV1 a 0 1\nR1 a 0 1k\nC1 mid 0 1u\n.op\n.end\n");
    INFO(result.err);
    CHECK(result.exitCode == 1);
    CHECK(hasError(result, 4, 1, "node 'mid' has no DC path to ground (connected only to C1)"));
}

TEST_CASE("Voltage sources in a loop are named together", "[app][diagnostics]") {
    auto result = runText("vloop.cir", "t\nV1 a 0 1\nV2 a 0 2\nR1 a 0 1k\n.op\n.end\n");
    INFO(result.err);
    CHECK(result.exitCode == 1);
    CHECK(hasError(result, 3, 1, "voltage sources V1, V2 form a loop"));
}

// An AC-only deck's topology is checked during elaboration (its floating nodes get gmin); the
// run reports that check's loops once, as an .op deck's own check does.
TEST_CASE("Voltage sources in a loop are named once in an AC-only deck", "[app][diagnostics]") {
    auto result = runText("vloop_ac.cir", "t\nV1 a 0 1 AC 1\nV2 a 0 2\nR1 a 0 1k\n.ac dec 1 1k 10k\n.end\n");
    INFO(result.err);
    CHECK(result.exitCode == 1);
    CHECK(hasError(result, 3, 1, "voltage sources V1, V2 form a loop"));
    CHECK(countOf(result.err, ": error: ") == 1);
}

TEST_CASE("An AC-only deck with a floating node and a voltage loop warns of the one and refuses the other",
          "[app][diagnostics]") {
    auto result = runText("vloop_gmin.cir", "t\nV1 a 0 1 AC 1\nV2 a 0 2\nR1 a 0 1k\nC1 a mid 1u\n.ac dec 1 1k 10k\n.end\n");
    INFO(result.err);
    CHECK(result.exitCode == 1);
    CHECK(result.err.find("warning: node 'mid' has no DC path to ground") != std::string::npos);
    CHECK(hasError(result, 3, 1, "voltage sources V1, V2 form a loop"));
    CHECK(countOf(result.err, ": error: ") == 1);
}

TEST_CASE("Every error of a netlist is reported in one run", "[app][diagnostics]") {
    auto result = runText("many.cir", "t\nV1 a 0 1\nR1 a 0 1.2.3\nQ1 a b c mod\nR2 a\nR1 a 0 1k\n.op\n.end\n");
    INFO(result.err);
    CHECK(result.exitCode == 1);
    CHECK(countOf(result.err, ": error: ") == 4);
}

TEST_CASE("Unsupported dot-cards are warnings with their position, not silently dropped", "[app][diagnostics]") {
    auto result = runText("later.cir", "t\nV1 a 0 1\nR1 a 0 1k\n.pz a 0 a 0 vol pz\n.op\n.end\n");
    INFO(result.err);
    CHECK(result.exitCode == 0);
    CHECK(result.err.find(result.path + ":4:1: warning: .pz is not supported yet") != std::string::npos);
}

TEST_CASE("A missing .end is a warning", "[app][diagnostics]") {
    auto result = runText("no_end.cir", "t\nV1 a 0 1\nR1 a 0 1k\n.op\n");
    CHECK(result.exitCode == 0);
    CHECK(result.err.find("warning: missing .end") != std::string::npos);
}

TEST_CASE("A file that cannot be opened is an error and exit status 1", "[app][diagnostics]") {
    auto result = runFile("/nonexistent/deck.cir");
    CHECK(result.exitCode == 1);
    CHECK(result.err.find("error: cannot open file") != std::string::npos);
}

TEST_CASE("Garbage input gives errors, never a crash", "[app][diagnostics][robustness]") {
    std::string garbage;
    for (int i = 0; i < 4096; ++i) garbage.push_back(static_cast<char>((i * 7919 + 13) % 256));
    auto result = runText("garbage.cir", garbage);
    CHECK(result.exitCode == 1);
    CHECK(result.err.find("error:") != std::string::npos);
}

TEST_CASE("An empty file is an error, not a crash", "[app][diagnostics][robustness]") {
    auto result = runText("empty.cir", "");
    CHECK(result.exitCode == 1);
    CHECK(result.err.find("error:") != std::string::npos);
}

TEST_CASE("A one-megabyte line is handled", "[app][diagnostics][robustness]") {
    std::string text = "t\nV1 a 0 1\nR1 a 0 " + std::string(1 << 20, '9') + "\n.op\n.end\n";
    auto result = runText("long_line.cir", text);
    // A million nines overflow a double: an error at the number, not a crash or an infinite resistor.
    CHECK(result.exitCode == 1);
    CHECK(result.err.find(result.path + ":3:8: error: bad number '999") != std::string::npos);
}

TEST_CASE("Coupling coefficients that no physical inductors can have are an error at the K card", "[app][diagnostics]") {
    // L = [[1, .9, -.9], [.9, 1, .9], [-.9, .9, 1]] mH has a negative eigenvalue (det < 0).
    auto result = runText("bad_k.cir", "t\nV1 a 0 AC 1\nR1 a b 1\nL1 b 0 1m\nL2 c 0 1m\nR2 c 0 1\nL3 d 0 1m\nR3 d 0 1\n"
                                       "K1 L1 L2 0.9\nK2 L1 L3 -0.9\nK3 L2 L3 0.9\nK4 L4 L5 0.5\nL4 e 0 1m\nL5 f 0 1m\n"
                                       "R4 e 0 1\nR5 f 0 1\n.ac lin 1 1k 1k\n.end\n");
    INFO(result.err);
    CHECK(result.exitCode == 1);
    CHECK(result.err.find(result.path + ":9:1: error: the coupling coefficients") != std::string::npos);
    // The separate, physical L4-L5 group is not reported.
    CHECK(result.err.find(":12:1: error") == std::string::npos);
}

TEST_CASE("A group of five coupled inductors is checked as a whole", "[app][diagnostics]") {
    // L1 coupled to L2..L5 with k each, equal inductances: the matrix's eigenvalues are
    // L (1 +- 2k) and L (three times), so k = 0.6 is not physical, k = 0.4 is, and k = 0.5 is
    // on the boundary (an eigenvalue of 0: semidefinite, accepted; a Cholesky factorization of
    // it need not succeed, so this is the case the eigenvalues decide).
    auto deck = [](const std::string& k) {
        std::string text = "t\nV1 a 0 AC 1\nR1 a b 1\nL1 b 0 1m\n";
        for (int i = 2; i <= 5; ++i) {
            const std::string n = std::to_string(i);
            text += "L" + n + " n" + n + " 0 1m\nR" + n + " n" + n + " 0 1\n";
        }
        for (int i = 2; i <= 5; ++i) text += "K" + std::to_string(i) + " L1 L" + std::to_string(i) + " " + k + "\n";
        return text + ".ac lin 1 1k 1k\n.end\n";
    };
    auto unphysical = runText("star_k.cir", deck("0.6"));
    INFO(unphysical.err);
    CHECK(unphysical.exitCode == 1);
    CHECK(unphysical.err.find(unphysical.path + ":13:1: error: the coupling coefficients") != std::string::npos);
    auto physical = runText("star_k_ok.cir", deck("0.4"));
    INFO(physical.err);
    CHECK(physical.exitCode == 0);
    auto boundary = runText("star_k_boundary.cir", deck("0.5"));
    INFO(boundary.err);
    CHECK(boundary.exitCode == 0);
}
