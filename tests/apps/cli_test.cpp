#include "tests/support/netlist_runner.hpp"
#include "tests/support/skip.hpp"
#include "tests/support/shell_command.hpp"

#include <catch2/catch.hpp>

#include <array>
#include <cctype>
#include <cstdio>
#include <string>
#include <sys/wait.h>

namespace {

using cablespice::testing::Process;

Process runCommand(const std::string& arguments) {
    return cablespice::testing::runShell(std::string(CABLESPICE_BINARY) + " " + arguments + " 2>&1");
}

} // namespace

TEST_CASE("The --version flag prints the version and exits 0", "[app][cli]") {
    auto result = runCommand("--version");
    CHECK(result.exitCode == 0);
    CHECK(result.output.find("cablespice") != std::string::npos);
}

TEST_CASE("The --help flag describes the options and exits 0", "[app][cli]") {
    auto result = runCommand("--help");
    CHECK(result.exitCode == 0);
    CHECK(result.output.find("--raw") != std::string::npos);
}

TEST_CASE("A usage error exits with status 2", "[app][cli]") {
    CHECK(runCommand("").exitCode == 2);
    CHECK(runCommand("--no-such-option x.cir").exitCode == 2);
}

TEST_CASE("Batch flag -b is accepted and the example solves with status 0", "[app][cli]") {
    auto result = runCommand(std::string("-b ") + CABLESPICE_SOURCE_DIR + "/netlists/examples/balanced_link.cir");
    INFO(result.output);
    CHECK(result.exitCode == 0);
    CHECK(result.output.find("v(out) = ") != std::string::npos);
}

TEST_CASE("A netlist with errors exits with status 1", "[app][cli]") {
    auto result = runCommand("/nonexistent.cir");
    CHECK(result.exitCode == 1);
}

TEST_CASE("The --stats flag reports one accepted step per printed transient point after t = 0", "[app][cli]") {
    if (cablespice::testing::sharedDirectoryMissing()) {
        CABLESPICE_SKIP_TEST(CABLESPICE_SHARED_DIR " not found");
    }
    auto result = runCommand(std::string("--stats ") + CABLESPICE_SHARED_DIR + "/validation/netlists/t2_rc_step_tran.cir");
    REQUIRE(result.exitCode == 0);
    auto statsAt = result.output.find("transient stats: ");
    REQUIRE(statsAt != std::string::npos);
    int accepted = std::stoi(result.output.substr(statsAt + 17));
    int rows = 0;
    std::size_t pos = result.output.find("Index");
    for (pos = result.output.find('\n', pos); pos != std::string::npos && pos < statsAt; pos = result.output.find('\n', pos + 1))
        if (pos + 1 < result.output.size() && std::isdigit(static_cast<unsigned char>(result.output[pos + 1]))) ++rows;
    CHECK(rows == accepted + 1);
}

TEST_CASE("An output file in a missing directory is a plain error with status 1, not an internal error", "[app][cli]") {
    auto result = runCommand(std::string("-r /nonexistent-dir/out.raw ") + CABLESPICE_SOURCE_DIR +
                             "/netlists/examples/balanced_link.cir");
    INFO(result.output);
    CHECK(result.exitCode == 1);
    CHECK(result.output.find("cablespice: error: ") != std::string::npos);
    CHECK(result.output.find("/nonexistent-dir/out.raw") != std::string::npos);
    CHECK(result.output.find("internal error") == std::string::npos);
}

TEST_CASE("The --strict flag turns a bad output item from a warning into an error", "[app][cli][output]") {
    auto path = cablespice::testing::writeNetlist("cli_strict.cir", "s\nV1 a 0 1\nR1 a 0 1k\n.op\n.print op v(a) v(nosuch)\n.end\n");
    auto lenient = runCommand(path);
    INFO(lenient.output);
    CHECK(lenient.exitCode == 0);
    CHECK(lenient.output.find("warning: no node named 'nosuch' for v(nosuch); item left out") != std::string::npos);
    auto strict = runCommand("--strict " + path);
    INFO(strict.output);
    CHECK(strict.exitCode == 1);
    CHECK(strict.output.find("error: no node named 'nosuch' for v(nosuch)") != std::string::npos);
    CHECK(runCommand("--help").output.find("--strict") != std::string::npos);
}

// A netlist of 256 KiB or more runs on the huge-page heap (apps/cablespice/huge_page_heap.hpp):
// malloc's settings change, the numbers must not. A 1,500-section RLC ladder (~4,500 unknowns)
// with an .ac, once on that heap and once opted out with GLIBC_TUNABLES.
TEST_CASE("A large netlist gives the same .ac table on the huge-page heap as without it", "[app][cli][ac]") {
    std::string deck = "rc ladder\nvin n0 0 ac 1\n";
    for (int k = 1; k <= 1500; ++k) {
        const std::string p = std::to_string(k - 1), n = std::to_string(k);
        deck += "rseries_section_" + n + " n" + p + " n" + n + " 10.5\n";
        deck += "cshunt_section_" + n + " n" + n + " 0 1.5n\n";
        deck += "lshunt_section_" + n + " n" + n + " m" + n + " 1u\nrdamp_section_" + n + " m" + n + " 0 1meg\n";
    }
    // Padding comments take the file past the heap's threshold whatever the card lengths.
    while (deck.size() < 300 * 1024) deck += "* padding: this harness comment line keeps the deck above 256 KiB\n";
    deck += ".ac dec 5 100 100k\n.print ac vm(n750) vp(n1500)\n.end\n";
    auto path = cablespice::testing::writeNetlist("cli_large_heap.cir", deck);
    auto onHugePages = runCommand("-j 2 " + path);
    auto optedOut = cablespice::testing::runShell("GLIBC_TUNABLES=glibc.malloc.hugetlb=0 " + std::string(CABLESPICE_BINARY) +
                                                  " -j 2 " + path + " 2>&1");
    INFO(onHugePages.output);
    REQUIRE(onHugePages.exitCode == 0);
    REQUIRE(optedOut.exitCode == 0);
    CHECK(onHugePages.output.find("vm(n750)") != std::string::npos);
    CHECK(onHugePages.output == optedOut.output);
}
