#include "tests/support/netlist_runner.hpp"
#include "tests/support/print_tables.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>

// Far-end crosstalk of a lumped coupled pair (P element, method=lumped) in transient at default
// tolerances, against a converged ladder: 1,000 sections at TMAX = 2 ps (halving TMAX again
// moves it by < 0.15 % of full scale). Before the line's rows were held to 1/sections of the
// tolerance, the default run was 4.2 % off on the far-end crosstalk node and 1.45 % on the
// driven far end (the step control accepted steps whose errors add up section after section).

using namespace cablespice::testing;

namespace {

std::string pairDeck(const std::string& lineParams, const std::string& tmax) {
    return R"(coupled pair, far-end crosstalk
.model pair cpl length=1
+ R=0.1 0 0.1
+ L=0.6u 0.45u 0.6u
+ G=0 0 0
+ C=300p -100p 300p
v1 src 0 pulse(0 1 1n 3n 3n 20n 40n)
rs src a1 50
rna a2 0 50
p1 a1 a2 0 b1 b2 0 pair )" +
           lineParams + R"(
rb1 b1 0 100
rb2 b2 0 50
.tran 0.1n 30n 0 )" + tmax +
           R"(
.print tran v(b1) v(b2)
.end
)";
}

// The .print table, read with strtod: the wavefront's leading edge prints denormals such as
// 9.4e-323, which std::stod (printTables) refuses.
PrintTable runPair(const std::string& name, const std::string& text) {
    auto result = runText(name, text);
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    PrintTable table;
    std::istringstream lines(result.out);
    std::vector<std::string> header;
    for (std::string line; std::getline(lines, line);) {
        std::istringstream fields(line);
        std::vector<std::string> words;
        for (std::string w; fields >> w;) words.push_back(w);
        if (!words.empty() && words[0] == "Index") header = words;
        else if (!header.empty() && words.size() == header.size() &&
                 words[0].find_first_not_of("0123456789") == std::string::npos)
            for (std::size_t i = 0; i < words.size(); ++i) table[header[i]].push_back(std::strtod(words[i].c_str(), nullptr));
    }
    REQUIRE(table.count("time"));
    return table;
}

double interpolate(const PrintTable& table, const std::string& vector, double t) {
    const auto& times = table.at("time");
    const auto& values = table.at(vector);
    auto it = std::lower_bound(times.begin(), times.end(), t);
    if (it == times.begin()) return values.front();
    if (it == times.end()) return values.back();
    const auto k = static_cast<std::size_t>(it - times.begin());
    const double f = (t - times[k - 1]) / (times[k] - times[k - 1]);
    return values[k - 1] + f * (values[k] - values[k - 1]);
}

// max |ours - reference| over a 10 ps grid, as a fraction of the reference's full scale.
double worstFraction(const PrintTable& ours, const PrintTable& reference, const std::string& vector) {
    double fullScale = 0.0, worst = 0.0;
    for (double v : reference.at(vector)) fullScale = std::max(fullScale, std::abs(v));
    for (int k = 0; k <= 3000; ++k) {
        const double t = 30e-9 * k / 3000.0;
        worst = std::max(worst, std::abs(interpolate(ours, vector, t) - interpolate(reference, vector, t)));
    }
    return worst / fullScale;
}

} // namespace

TEST_CASE("A lumped coupled pair's far-end crosstalk is within 1 % of a converged ladder at default tolerances",
          "[tran][cable][crosstalk]") {
    const auto reference = runPair("crosstalk_reference.cir", pairDeck("sections=1000", "2p"));
    const auto ours = runPair("crosstalk_default.cir", pairDeck("", ""));  // sections=auto (725), default TMAX
    const double crosstalk = worstFraction(ours, reference, "v(b2)");
    const double driven = worstFraction(ours, reference, "v(b1)");
    INFO("far-end crosstalk off by " << 100 * crosstalk << " %, driven far end by " << 100 * driven << " %");
    CHECK(crosstalk < 0.01);
    CHECK(driven < 0.005);
    // The crosstalk is there to be measured: about 0.18 V at the far end for a 1 V step.
    double peak = 0.0;
    for (double v : reference.at("v(b2)")) peak = std::max(peak, std::abs(v));
    CHECK(peak > 0.15);
}
