// The random functions of Monte Carlo decks (gauss, agauss, unif, aunif, limit, mc, flat):
// their statistics against their definitions, per-instance independence, shared .param draws,
// nominal values without .step, and runs that repeat exactly for a seed whatever -j is.
#include "apps/engine/stepped_runner.hpp"
#include "parser/elaborate/elaborator.hpp"
#include "parser/parse_netlist.hpp"
#include "solver/devices/resistor.hpp"
#include "tests/support/netlist_runner.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

using namespace cablespice;
using namespace cablespice::testing;
using Catch::Matchers::WithinAbs;

namespace {

constexpr std::size_t kDraws = 2000;
constexpr std::uint64_t kSeed = 20;

// The netlist elaborated once per Monte Carlo point (or nominally), for reading element values.
class Elaborations {
public:
    explicit Elaborations(const std::string& text) {
        DiagnosticSink sink;
        netlist_ = parseNetlistText(sources_, "random.cir", text, sink);
    }

    elab::Deck at(std::optional<elab::RandomPoint> point) const {
        DiagnosticSink sink;
        elab::ElaborationOptions options;
        options.randomPoint = point;
        return elab::elaborate(netlist_, sink, options);
    }

    // The resistance of each named resistor at points 0 .. count-1.
    std::vector<std::vector<double>> resistances(const std::vector<std::string>& names, std::size_t count,
                                                 std::uint64_t seed = kSeed) const {
        std::vector<std::vector<double>> values(names.size());
        for (std::size_t i = 0; i < count; ++i) {
            auto deck = at(elab::RandomPoint{seed, i});
            for (std::size_t k = 0; k < names.size(); ++k) values[k].push_back(resistance(deck, names[k]));
        }
        return values;
    }

    static double resistance(const elab::Deck& deck, const std::string& name) {
        const auto* resistor = dynamic_cast<const solver::Resistor*>(deck.circuit->findDevice(name));
        REQUIRE(resistor);
        return resistor->resistance();
    }

private:
    SourceManager sources_;
    ast::Netlist netlist_;
};

double mean(const std::vector<double>& x) { return std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size()); }

double standardDeviation(const std::vector<double>& x) {
    const double m = mean(x);
    double sum = 0;
    for (double v : x) sum += (v - m) * (v - m);
    return std::sqrt(sum / static_cast<double>(x.size() - 1));
}

double correlation(const std::vector<double>& x, const std::vector<double>& y) {
    const double mx = mean(x), my = mean(y);
    double sxy = 0, sxx = 0, syy = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    return sxy / std::sqrt(sxx * syy);
}

std::vector<double> drawsOf(const std::string& value) {
    Elaborations deck("random\nV1 a 0 1\nR1 a 0 {" + value + "}\n.op\n.end\n");
    return deck.resistances({"r1"}, kDraws).front();
}

// A distribution as its definition gives it: mean, standard deviation, kurtosis (the fourth
// central moment over sigma^4: 3 normal, 1.8 uniform) and the interval it never leaves.
struct Distribution {
    double mean, sigma, kurtosis, low, high;
};

// Mean and standard deviation within 4 standard errors of the definition's, every draw in range.
void checkStatistics(const std::vector<double>& x, const Distribution& expected) {
    const double n = static_cast<double>(x.size());
    const double meanError = expected.sigma / std::sqrt(n);
    // Standard error of the sample standard deviation: sqrt((mu4 - sigma^4) / n) / (2 sigma).
    const double sigmaError = expected.sigma * std::sqrt((expected.kurtosis - 1.0) / n) / 2.0;
    CHECK(std::abs(mean(x) - expected.mean) < 4 * meanError);
    CHECK(std::abs(standardDeviation(x) - expected.sigma) < 4 * sigmaError);
    CHECK(*std::min_element(x.begin(), x.end()) >= expected.low);
    CHECK(*std::max_element(x.begin(), x.end()) <= expected.high);
}

constexpr double kInfinity = 1e300;
const double kSqrt3 = std::sqrt(3.0);

} // namespace

TEST_CASE("gauss(nom, rvar, sigma) is normal with standard deviation rvar*nom/sigma", "[random]") {
    checkStatistics(drawsOf("gauss(1k, 0.05, 2)"), {1000, 25, 3, -kInfinity, kInfinity});
}

TEST_CASE("agauss(nom, avar, sigma) is normal with standard deviation avar/sigma", "[random]") {
    checkStatistics(drawsOf("agauss(1k, 30, 3)"), {1000, 10, 3, -kInfinity, kInfinity});
}

TEST_CASE("LTspice's one-argument gauss(x) is normal with mean 0 and standard deviation x", "[random]") {
    checkStatistics(drawsOf("1k + gauss(50)"), {1000, 50, 3, -kInfinity, kInfinity});
}

TEST_CASE("unif(nom, rvar) is uniform on nom*(1 +- rvar)", "[random]") {
    checkStatistics(drawsOf("unif(1k, 0.1)"), {1000, 100 / kSqrt3, 1.8, 900, 1100});
}

TEST_CASE("aunif(nom, avar) is uniform on nom +- avar", "[random]") {
    checkStatistics(drawsOf("aunif(1k, 50)"), {1000, 50 / kSqrt3, 1.8, 950, 1050});
}

TEST_CASE("LTspice's mc(x, tol) is uniform on x*(1 +- tol)", "[random]") {
    checkStatistics(drawsOf("mc(1k, 0.01)"), {1000, 10 / kSqrt3, 1.8, 990, 1010});
}

TEST_CASE("LTspice's flat(x) is uniform on +-x", "[random]") {
    checkStatistics(drawsOf("1k + flat(100)"), {1000, 100 / kSqrt3, 1.8, 900, 1100});
}

TEST_CASE("limit(nom, avar) is nom+avar or nom-avar, each with probability 1/2", "[random]") {
    auto x = drawsOf("limit(1k, 20)");
    const auto high = std::count(x.begin(), x.end(), 1020.0);
    CHECK(high + std::count(x.begin(), x.end(), 980.0) == static_cast<long>(x.size()));
    // A fraction of 1/2 has standard error sqrt(1/4 / n).
    CHECK(std::abs(static_cast<double>(high) / kDraws - 0.5) < 4 * std::sqrt(0.25 / kDraws));
}

TEST_CASE("Two elements draw independently, and so do two instances of one subcircuit", "[random]") {
    Elaborations deck(R"(independence
.subckt leg a params: r=1k
R a 0 {agauss(r, 100, 1)}
.ends
V1 a 0 1
R1 a 0 {agauss(1k, 100, 1)}
R2 a 0 {agauss(1k, 100, 1)}
X1 a leg
X2 a leg
.op
.end
)");
    auto values = deck.resistances({"r1", "r2", "r.x1.r", "r.x2.r"}, kDraws);
    CHECK(std::abs(correlation(values[0], values[1])) < 0.1);
    CHECK(std::abs(correlation(values[2], values[3])) < 0.1);
    CHECK(std::abs(correlation(values[0], values[2])) < 0.1);
    checkStatistics(values[2], {1000, 100, 3, -kInfinity, kInfinity});
}

TEST_CASE("A random .param is drawn once per point and shared, an instance parameter once per instance", "[random]") {
    Elaborations deck(R"(shared
.param rshared={agauss(1k, 100, 1)}
.subckt leg a params: r=1k
R a 0 {r}
.ends
V1 a 0 1
R1 a 0 {rshared}
R2 a 0 {rshared*2}
X1 a leg r={mc(1k, 0.1)}
X2 a leg r={mc(1k, 0.1)}
.op
.end
)");
    auto values = deck.resistances({"r1", "r2", "r.x1.r", "r.x2.r"}, 200);
    for (std::size_t i = 0; i < 200; ++i) CHECK(values[1][i] == 2 * values[0][i]);
    CHECK(standardDeviation(values[0]) > 50);  // drawn anew at each point
    CHECK(std::abs(correlation(values[2], values[3])) < 0.25);  // 200 points: 4/sqrt(200) = 0.28
    CHECK(values[2] != values[3]);
}

TEST_CASE("Without a Monte Carlo point the random functions take their nominal values", "[random]") {
    Elaborations deck(R"(nominal
.param p={gauss(1k, 0.1, 1)}
V1 a 0 1
R1 a 0 {p}
R2 a 0 {agauss(2k, 100, 1)}
R3 a 0 {unif(3k, 0.1) + aunif(0, 5) + limit(0, 1)}
R4 a 0 {mc(4k, 0.1) + flat(100) + gauss(100)}
.op
.end
)");
    auto nominal = deck.at(std::nullopt);
    CHECK(nominal.usesRandomFunctions);
    CHECK(Elaborations::resistance(nominal, "r1") == 1000);
    CHECK(Elaborations::resistance(nominal, "r2") == 2000);
    CHECK(Elaborations::resistance(nominal, "r3") == 3000);
    CHECK(Elaborations::resistance(nominal, "r4") == 4000);
}

TEST_CASE("A point's draws depend on the seed and the point index only", "[random]") {
    Elaborations deck("seeded\nV1 a 0 1\nR1 a 0 {agauss(1k, 100, 1)}\nR2 a 0 {agauss(1k, 100, 1)}\n.op\n.end\n");
    auto first = deck.resistances({"r1", "r2"}, 5, 7);
    auto again = deck.resistances({"r1", "r2"}, 5, 7);
    auto other = deck.resistances({"r1", "r2"}, 5, 8);
    CHECK(first == again);
    for (std::size_t i = 0; i < 5; ++i) CHECK(first[0][i] != other[0][i]);
    // Point 3 alone draws what point 3 of the run drew.
    CHECK(Elaborations::resistance(deck.at(elab::RandomPoint{7, 3}), "r2") == first[1][3]);
}

TEST_CASE("Random functions report bad arguments at the call", "[random]") {
    auto wrongCount = runText("random_arity.cir", "t\nV1 a 0 1\nR1 a 0 {gauss(1k, 2)}\n.op\n.end\n");
    CHECK(wrongCount.exitCode == 1);
    CHECK(wrongCount.err.find(wrongCount.path +
                              ":3:9: error: function 'gauss' takes 1 argument (LTspice) or 3 (ngspice), got 2") !=
          std::string::npos);
    auto zeroSigma = runText("random_sigma.cir", "t\nV1 a 0 1\nR1 a 0 {agauss(1k, 2, 0)}\n.op\n.end\n");
    CHECK(zeroSigma.exitCode == 1);
    CHECK(zeroSigma.err.find("error: 'agauss': sigma (the third argument) must not be zero") != std::string::npos);
    auto mcCount = runText("random_mc.cir", "t\nV1 a 0 1\nR1 a 0 {mc(1k)}\n.op\n.end\n");
    CHECK(mcCount.err.find("error: function 'mc' takes 2 arguments, got 1") != std::string::npos);
}

namespace {

// The deck with `seedLine` as its second line.
std::string seededRun(const std::string& seedLine) {
    return "Monte Carlo divider\n" + seedLine + R"(
V1 in 0 1
R1 in out {agauss(1k, 10, 1)}
R2 out 0 {mc(1k, 0.05)}
.step param run 1 20 1
.op
.end
)";
}

RunResult runSeeded(long long seed, int jobs) {
    app::RunOptions options;
    options.jobs = jobs;
    // A file of its own per seed and job count: ctest runs the test cases that call this at once.
    const std::string name = "random_seeded_" + std::to_string(seed) + "_j" + std::to_string(jobs) + ".cir";
    return runText(name, seededRun(".options seed=" + std::to_string(seed)), options);
}

} // namespace

TEST_CASE("A seeded Monte Carlo run prints the same for -j1 and -j2, and differs for another seed", "[random]") {
    auto serial = runSeeded(5, 1);
    auto parallel = runSeeded(5, 2);
    auto other = runSeeded(6, 2);
    INFO(serial.err);
    REQUIRE(serial.exitCode == 0);
    REQUIRE(other.exitCode == 0);
    CHECK(serial.out == parallel.out);
    CHECK(serial.out != other.out);
    CHECK(serial.err.find("Monte Carlo seed") == std::string::npos);
}

TEST_CASE("An unseeded Monte Carlo run prints the seed it used, and that seed repeats it", "[random]") {
    auto unseeded = runText("random_unseeded.cir", seededRun("* no seed"));
    REQUIRE(unseeded.exitCode == 0);
    const std::string marker = "repeat this run with .options seed=";
    auto at = unseeded.err.find(marker);
    REQUIRE(at != std::string::npos);
    const auto seed = std::stoll(unseeded.err.substr(at + marker.size()));
    CHECK(runSeeded(seed, 2).out == unseeded.out);
}

TEST_CASE("A .model parameter with a random function draws per point and per model", "[random]") {
    Elaborations deck(R"(model draws
.model ra R (r={agauss(1k, 100, 1)})
.model rb R (r={agauss(1k, 100, 1)})
V1 a 0 1
R1 a 0 ra
R2 a 0 rb
.op
.end
)");
    auto values = deck.resistances({"r1", "r2"}, kDraws);
    checkStatistics(values[0], {1000, 100, 3, -kInfinity, kInfinity});
    CHECK(std::abs(correlation(values[0], values[1])) < 0.1);
}
