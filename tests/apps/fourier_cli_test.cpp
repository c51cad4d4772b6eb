// .four and .meas THD end to end. Reference magnitudes were taken from Debian's ngspice 39
// (`ngspice -b` on the same decks, December 2026) and are compared within 0.1 %; the square
// wave is also checked against its closed form.
#include "tests/support/netlist_runner.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <numbers>
#include <sstream>
#include <string>

using namespace cablespice::testing;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

struct Table {
    double thdPercent = 0.0;
    std::map<int, double> magnitude, phase;
};

// The .four table printed for `vector`, parsed back.
Table fourierTable(const std::string& out, const std::string& vector) {
    Table table;
    auto at = out.find("Fourier analysis for " + vector + ":\n");
    REQUIRE(at != std::string::npos);
    std::istringstream in(out.substr(at));
    std::string line;
    std::getline(in, line);
    std::getline(in, line);
    auto thd = line.find("THD: ");
    REQUIRE(thd != std::string::npos);
    table.thdPercent = std::stod(line.substr(thd + 5));
    std::getline(in, line);  // blank
    std::getline(in, line);  // header
    std::getline(in, line);  // dashes
    while (std::getline(in, line) && !line.empty()) {
        std::istringstream row(line);
        int n;
        double frequency, magnitude, phase;
        row >> n >> frequency >> magnitude >> phase;
        table.magnitude[n] = magnitude;
        table.phase[n] = phase;
    }
    return table;
}

const std::string kHarmonics = R"(sine plus known harmonics
V1 a 0 SIN(0 1 1k)
V2 b a SIN(0 0.1 2k)
V3 out b SIN(0.5 0.05 3k 0 0 30)
R1 out 0 1k
.tran 1u 3m 0 1u
)";

} // namespace

TEST_CASE(".four prints ngspice's table, and a sine plus harmonics agrees with ngspice", "[app][fourier]") {
    auto result = runText("four_harmonics.cir", kHarmonics + ".four 1k v(out)\n.end\n");
    INFO(result.out << result.err);
    REQUIRE(result.exitCode == 0);
    CHECK(result.out.find("Fourier analysis for v(out):\n"
                          "  No. Harmonics: 10, THD: 11.180") != std::string::npos);
    CHECK(result.out.find(", Gridsize: 200, Interpolation Degree: 1\n\n"
                          "Harmonic Frequency   Magnitude   Phase       Norm. Mag   Norm. Phase\n"
                          "-------- ---------   ---------   -----       ---------   -----------\n"
                          " 0       0           0.5         0           0           0          \n"
                          " 1       1000        ") != std::string::npos);
    auto table = fourierTable(result.out, "v(out)");
    // ngspice 39: 0.5, 0.999996, 0.0999984, 0.0499982 (phase 30), THD 11.1802 %.
    CHECK_THAT(table.magnitude[0], WithinRel(0.5, 1e-3));
    CHECK_THAT(table.magnitude[1], WithinRel(0.999996, 1e-3));
    CHECK_THAT(table.magnitude[2], WithinRel(0.0999984, 1e-3));
    CHECK_THAT(table.magnitude[3], WithinRel(0.0499982, 1e-3));
    CHECK_THAT(table.phase[3], WithinAbs(30.0, 1e-3));
    CHECK_THAT(table.thdPercent, WithinRel(11.1802, 1e-3));
    CHECK(table.magnitude[4] < 1e-9);
}

TEST_CASE(".four of a clipped sine (one PWL period) agrees with ngspice", "[app][fourier]") {
    // sin(2 pi t/1ms) clipped at +-0.7, 40 PWL segments. One period only: with r=0 repeats
    // ngspice does not step onto the corners and is 0.1 % to 0.4 % off the exact values.
    std::string pwl;
    for (int i = 0; i <= 40; ++i) {
        double v = std::clamp(std::sin(2 * std::numbers::pi * i / 40), -0.7, 0.7);
        pwl += "+ " + std::to_string(i * 0.025) + "m " + std::to_string(v) + "\n";
    }
    auto result = runText("four_clipped.cir", "clipped sine\nV1 out 0 PWL(\n" + pwl +
                                                  "+ )\nR1 out 0 1k\n.tran 1u 1m 0 1u\n.four 1k v(out)\n.end\n");
    INFO(result.out << result.err);
    REQUIRE(result.exitCode == 0);
    auto table = fourierTable(result.out, "v(out)");
    // ngspice 39: 0.811132, 0.10709, 0.0198546, 0.0152857, 0.00633241 at 1, 3, 5, 7, 9 kHz; THD 13.5816 %.
    const std::map<int, double> ngspice = {{1, 0.811132}, {3, 0.10709}, {5, 0.0198546}, {7, 0.0152857}, {9, 0.00633241}};
    for (auto [n, magnitude] : ngspice) CHECK_THAT(table.magnitude[n], WithinRel(magnitude, 1e-3));
    CHECK_THAT(table.thdPercent, WithinRel(13.5816, 1e-3));
    for (int n : {0, 2, 4, 6, 8}) CHECK(std::abs(table.magnitude[n]) < 1e-9);
}

TEST_CASE(".four of a square wave: ngspice and 4/(pi n) odd harmonics", "[app][fourier]") {
    auto result = runText("four_square.cir", "square\nV1 out 0 PULSE(-1 1 2.5u 1n 1n 0.499999m 1m)\nR1 out 0 1k\n"
                                             ".tran 1u 5m 0 1u\n.four 1k v(out)\n.end\n");
    INFO(result.out << result.err);
    REQUIRE(result.exitCode == 0);
    auto table = fourierTable(result.out, "v(out)");
    // ngspice 39: 1.27329, 0.42457, 0.25491, 0.182258, 0.141943; THD 42.9161 %.
    const std::map<int, double> ngspice = {{1, 1.27329}, {3, 0.42457}, {5, 0.25491}, {7, 0.182258}, {9, 0.141943}};
    for (auto [n, magnitude] : ngspice) {
        CHECK_THAT(table.magnitude[n], WithinRel(magnitude, 1e-3));
        // 200 samples, half at +1 and half at -1: 4/(200 sin(pi n/200)) -> 4/(pi n).
        CHECK_THAT(table.magnitude[n], WithinRel(4.0 / (200 * std::sin(std::numbers::pi * n / 200)), 1e-3));
    }
    CHECK_THAT(table.thdPercent, WithinRel(42.9161, 1e-3));
}

TEST_CASE(".four NHARM, several vectors and --json", "[app][fourier]") {
    auto json = (scratchDirectory() / "four.json").string();
    cablespice::app::RunOptions options;
    options.jsonFile = json;
    auto result = runText("four_nharm.cir", kHarmonics + ".four 1k 4 v(out) v(a,0) i(v1)\n.end\n", options);
    INFO(result.out << result.err);
    REQUIRE(result.exitCode == 0);
    CHECK(result.out.find("Fourier analysis for v(a,0):\n  No. Harmonics: 4, THD: ") != std::string::npos);
    CHECK(result.out.find("Fourier analysis for i(v1):") != std::string::npos);
    // Harmonics 2 and 3 only: sqrt(0.1^2 + 0.05^2).
    CHECK_THAT(fourierTable(result.out, "v(out)").thdPercent, WithinRel(100 * std::hypot(0.1, 0.05), 1e-3));
    // i(v1): 1 mA fundamental through the 1 kohm load (SPICE sign: into the + terminal).
    CHECK_THAT(fourierTable(result.out, "i(v1)").magnitude[1], WithinRel(1e-3, 1e-3));
    std::ifstream in(json);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(text.find("\"fourier\": [{\"vector\": \"v(out)\", \"fundamental\": 1000, \"thd\": 0.1118") != std::string::npos);
    CHECK(text.find("{\"harmonic\": 3, \"frequency\": 3000, \"magnitude\": 0.04999") != std::string::npos);
}

TEST_CASE(".meas tran THD and THD_DB use the same Fourier sums", "[app][fourier][meas]") {
    auto result = runText("thd_meas.cir", kHarmonics + R"(.meas tran d THD v(out) FUND=1k
.meas tran ddb THD_DB v(out) FUND=1k NHARM=3
.meas tran dw THD v(out) FUND=1k FROM=0.5m TO=2.5m
.meas tran short THD v(out) FUND=1k FROM=0.5m TO=1.2m
.end
)");
    INFO(result.out << result.err);
    CHECK(result.exitCode == 0);
    auto value = [&](const std::string& name) {
        auto at = result.out.find(name + " = ");
        REQUIRE(at != std::string::npos);
        return std::stod(result.out.substr(at + name.size() + 3));
    };
    CHECK_THAT(value("d"), WithinRel(std::hypot(0.1, 0.05), 1e-4));
    CHECK_THAT(value("ddb"), WithinAbs(-20.0, 1e-3));  // harmonic 2 alone: 0.1
    CHECK_THAT(value("dw"), WithinRel(std::hypot(0.1, 0.05), 1e-4));
    CHECK(result.out.find("short = failed: the window [0.0005, 0.0012] is shorter than one period of FUND=1000") !=
          std::string::npos);
}

TEST_CASE(".four and THD errors are reported at their cards", "[app][fourier][diagnostics]") {
    auto noTran = runText("four_notran.cir", "t\nV1 a 0 1\nR1 a 0 1k\n.op\n.four 1k v(a)\n.end\n");
    CHECK(noTran.exitCode == 1);
    CHECK(noTran.err.find(noTran.path + ":5:1: error: .four needs a .tran analysis") != std::string::npos);

    auto tooShort = runText("four_short.cir", "t\nV1 a 0 SIN(0 1 1k)\nR1 a 0 1k\n.tran 1u 0.5m\n.four 1k v(a)\n.end\n");
    CHECK(tooShort.exitCode == 1);
    CHECK(tooShort.err.find(tooShort.path + ":5:10: error: .four v(a): the waveform spans 0.0005 s, shorter than 1 "
                                            "period(s) of 1000 Hz") != std::string::npos);

    auto bad = runText("four_bad.cir", "t\nV1 a 0 1\nR1 a 0 1k\n.tran 1u 1m\n.four 0 v(a)\n.four 1k 1.5 v(a)\n"
                                       ".four 1k vdb(a)\n.four 1k v(a)\n.meas tran x THD v(a)\n"
                                       ".meas ac y THD v(a) FUND=1k\n.end\n");
    INFO(bad.err);
    CHECK(bad.exitCode == 1);
    CHECK(bad.err.find(":5:7: error: .four fundamental frequency must be positive") != std::string::npos);
    CHECK(bad.err.find(":6:10: error: number of harmonics must be a whole number") != std::string::npos);
    CHECK(bad.err.find(":7:10: error: .four takes waveforms: write v(...) or i(...), not vdb(a)") !=
          std::string::npos);
    CHECK(bad.err.find(":9:") != std::string::npos);
    CHECK(bad.err.find("'FUND=' and the fundamental frequency") != std::string::npos);
    // A .meas that cannot be read is left out with a warning (issue 25; an error with --strict).
    CHECK(bad.err.find(":10:12: warning: THD measures a .tran waveform") != std::string::npos);

    auto unknown = runText("four_nonode.cir", "t\nV1 a 0 1\nR1 a 0 1k\n.tran 1u 1m\n.four 1k v(a) v(nope)\n.end\n");
    CHECK(unknown.exitCode == 1);
    CHECK(unknown.err.find(unknown.path + ":5:15: error: no node named 'nope' for v(nope)") != std::string::npos);
}

TEST_CASE(".four in a .step run prints each point's table in its block and writes it to --json", "[app][fourier][step]") {
    auto json = (scratchDirectory() / "four_step.json").string();
    cablespice::app::RunOptions options;
    options.jsonFile = json;
    auto result = runText("four_step.cir", "t\n.param amp=1\nV1 a 0 SIN(0 {amp} 1k)\nR1 a 0 1k\n.step param amp list 1 2\n"
                                           ".tran 1u 2m 0 1u\n.four 1k 3 v(a)\n.end\n", options);
    INFO(result.out << result.err);
    REQUIRE(result.exitCode == 0);
    auto second = result.out.find("--- step amp=2 ---");
    REQUIRE(second != std::string::npos);
    auto first = result.out.substr(0, second), rest = result.out.substr(second);
    CHECK_THAT(fourierTable(first, "v(a)").magnitude[1], WithinRel(1.0, 1e-3));
    CHECK_THAT(fourierTable(rest, "v(a)").magnitude[1], WithinRel(2.0, 1e-3));
    std::ifstream in(json);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::size_t tables = 0;
    for (auto at = text.find("\"fourier\": [{"); at != std::string::npos; at = text.find("\"fourier\": [{", at + 1)) ++tables;
    CHECK(tables == 2);
}
