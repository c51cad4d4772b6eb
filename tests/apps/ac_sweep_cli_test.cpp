// .ac and .cmrr through the front end (issue 17): frequencies on -j threads give the same
// numbers as one thread, and --stats shows one symbolic analysis's factorization reused.
#include "tests/support/netlist_runner.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <regex>
#include <sstream>
#include <string>

namespace {

using cablespice::testing::runText;
using cablespice::testing::scratchDirectory;

// A three-conductor cable of 60 lumped sections with coupled inductors, driven differentially
// and in common mode, into a difference receiver: the harness's structure in miniature.
std::string cableDeck(const std::string& analysis) {
    std::ostringstream deck;
    deck << "cable sections\n"
            "vdm sp 0 ac 1\nvcm g 0 ac 1\nrsp sp a0 50\nrsn g b0 60\nrsh g s0 0.01\n";
    for (int k = 1; k <= 60; ++k) {
        const std::string p = std::to_string(k - 1), n = std::to_string(k);
        for (const char* c : {"a", "b", "s"})
            deck << 'r' << c << n << ' ' << c << p << ' ' << c << n << "m 0.05\n"
                 << 'l' << c << n << ' ' << c << n << "m " << c << n << " 0.5u\n";
        deck << "kab" << n << " la" << n << " lb" << n << " 0.57\n"
             << "kas" << n << " la" << n << " ls" << n << " 0.6\n"
             << "kbs" << n << " lb" << n << " ls" << n << " 0.6\n"
             << "cab" << n << " a" << n << " b" << n << " 100p\n"
             << "cas" << n << " a" << n << " s" << n << " 200p\n"
             << "cbs" << n << " b" << n << " s" << n << " 204p\n";
    }
    deck << "rshb s60 0 0.01\nrpa a60 0 20k\nrpb b60 0 20.2k\ne1 out 0 a60 b60 1\nrl out 0 10k\n"
         << analysis << "\n.end\n";
    return deck.str();
}

std::string slurp(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace

TEST_CASE("A 101-point .ac writes the same CSV with -j 1 and -j 2 and --stats shows one factorization reused",
          "[app][ac][sweep]") {
    const std::string deck = cableDeck(".ac dec 20 10 1meg\n.save v(out) v(a30) i(vdm)");
    std::string csv[2];
    for (int jobs : {1, 2}) {
        cablespice::app::RunOptions options;
        options.jobs = jobs;
        options.stats = true;
        options.csvComplex = cablespice::solver::CsvComplexFormat::RealImaginary;
        const auto path = scratchDirectory() / ("ac_sweep_j" + std::to_string(jobs) + ".csv");
        options.csvFile = path;
        auto result = runText("ac_sweep.cir", deck, options);
        INFO(result.err);
        REQUIRE(result.exitCode == 0);
        csv[jobs - 1] = slurp(path);
        const std::string threads = std::to_string(jobs) + " thread(s)";
        CHECK(result.out.find("ac stats: 101 frequencies on " + threads) != std::string::npos);
        // One full factorization per thread that took a frequency (its reference, at the first
        // frequency; a thread the scheduler starts after the others have taken every frequency
        // makes none), a refactorization for each of the other 100 frequencies, none rejected:
        // at most one full factorization per frequency.
        std::smatch counts;
        REQUIRE(std::regex_search(result.out, counts, std::regex(R"(, (\d+) factorizations, (\d+) refactorizations)")));
        const int factorizations = std::stoi(counts[1]);
        CHECK(factorizations >= 1);
        CHECK(factorizations <= jobs);
        CHECK(std::stoi(counts[2]) == 100);
        CHECK(result.out.find("(0 rejected by the accuracy checks)") != std::string::npos);
        // The analysis's static pivots, none rejected (the harness's circuit: a source, lines, loads).
        CHECK(result.out.find("pivot tolerance 0 (static pivots)") != std::string::npos);
        CHECK(result.out.find(" 0 static-pivot fallbacks") != std::string::npos);
        // The load's and the analysis's wall times, in milliseconds.
        std::smatch load, wall;
        REQUIRE(std::regex_search(result.out, load, std::regex(R"(load wall time: parse (\d+\.\d) ms, elaboration (\d+\.\d) ms\n)")));
        REQUIRE(std::regex_search(result.out, wall, std::regex(R"(ac wall time: (\d+\.\d) ms\n)")));
        CHECK(std::stod(load[1]) >= 0.0);
        CHECK(std::stod(wall[1]) > 0.0);
        CHECK(result.out.find("load wall time:") < result.out.find("ac stats: 101 frequencies"));
    }
    REQUIRE(csv[0].size() > 101 * 10);
    CHECK(csv[0] == csv[1]);
}

TEST_CASE("A .cmrr on threads prints the same table as on one and reports its factorization counts",
          "[app][cmrr][sweep]") {
    const std::string deck = cableDeck(".cmrr v(out) vdm vcm ac dec 10 10 100k");
    std::string table[2];
    for (int jobs : {1, 2}) {
        cablespice::app::RunOptions options;
        options.jobs = jobs;
        options.stats = true;
        auto result = runText("cmrr_sweep.cir", deck, options);
        INFO(result.err);
        REQUIRE(result.exitCode == 0);
        const auto statsAt = result.out.find("cmrr stats: 41 frequencies");
        REQUIRE(statsAt != std::string::npos);
        CHECK(result.out.find("82 solves", statsAt) != std::string::npos);  // two excitations per factorization
        // The table between the load's times and the analysis's counts.
        const auto loadAt = result.out.find("load wall time:");
        REQUIRE(loadAt < statsAt);
        const auto tableAt = result.out.find('\n', loadAt) + 1;
        table[jobs - 1] = result.out.substr(tableAt, statsAt - tableAt);
    }
    CHECK(table[0] == table[1]);
}

// A linear circuit's AC matrix G + jwC does not depend on the operating point, and .ac prints
// nothing of it, so .ac solves none (as .cmrr and .noise). This guards the behaviour, not the
// saving: before, this AC-only deck ran too, with gmin at node a (floating_nodes). Node a's DC
// conductance cancels (1 mS resistor, -1 mS VCCS): G is singular, so .op fails (ngspice 39
// fails the .ac as well), while at 1 kHz the node is the 1 uF capacitor alone,
// |v(a)| = 1 A / (2 pi 1 kHz 1 uF) = 159.1549 V (closed form).
TEST_CASE("A linear .ac runs where G alone is singular", "[app][ac]") {
    const std::string circuit = "cancelled conductance\ni1 0 a dc 0 ac 1\nr1 a 0 1k\ng1 a 0 a 0 -1m\nc1 a 0 1u\n";
    auto op = runText("singular_op.cir", circuit + ".op\n.end\n");
    CHECK(op.exitCode != 0);
    auto ac = runText("linear_ac.cir", circuit + ".ac lin 1 1k 1k\n.meas ac va find vm(a) at=1k\n.end\n");
    INFO(ac.err);
    REQUIRE(ac.exitCode == 0);
    const auto at = ac.out.find("va = ");
    REQUIRE(at != std::string::npos);
    CHECK(std::stod(ac.out.substr(at + 5)) == Approx(1.0 / (2 * 3.141592653589793 * 1e3 * 1e-6)).epsilon(1e-9));
}
