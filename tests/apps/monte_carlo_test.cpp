// Monte Carlo runs against closed forms: a divider of two agauss resistors (output standard
// deviation from first-order error propagation) and the four-resistor difference amplifier of
// receivers.lib with 1 % mc() resistors (CMRR never below the worst-case corner of
// CASES.md B3, 20 log10(1/(2t)) = 33.9794 dB for t = 1 %, G = 1).
#include "apps/engine/stepped_runner.hpp"
#include "parser/elaborate/elaborator.hpp"
#include "parser/parse_netlist.hpp"
#include "solver/devices/resistor.hpp"
#include "tests/support/netlist_runner.hpp"
#include "tests/support/elaborated_netlist.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>
#include <string>
#include <vector>

using namespace cablespice;
using namespace cablespice::testing;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

// fullElaboration: every point keeps its own circuit, so its drawn element values can be read
// after the run (points that reuse a circuit leave only the last point's values in it).
std::unique_ptr<testing::ElaboratedNetlist> runMonteCarlo(const std::string& text, bool fullElaboration = false) {
    auto run = testing::elaborateText("monte_carlo.cir", text);
    app::RunOptions options;
    options.jobs = 2;
    options.fullElaboration = fullElaboration;
    run->outcomes = app::runStepPoints(run->netlist, run->base, options);
    return run;
}

double resistance(const app::PointOutcome& outcome, const std::string& name) {
    const auto* resistor = dynamic_cast<const solver::Resistor*>(outcome.deck->circuit->findDevice(name));
    REQUIRE(resistor);
    return resistor->resistance();
}

double measured(const app::PointOutcome& outcome, const std::string& name) {
    for (const auto& result : outcome.measurements)
        if (result.name == name && result.value) return *result.value;
    FAIL("no value for .meas " << name);
    return 0.0;
}

double standardDeviation(const std::vector<double>& x) {
    const double mean = std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
    double sum = 0;
    for (double v : x) sum += (v - mean) * (v - mean);
    return std::sqrt(sum / static_cast<double>(x.size() - 1));
}

} // namespace

TEST_CASE("A Monte Carlo of a divider of two agauss resistors has the closed-form output spread", "[random][montecarlo]") {
    auto run = runMonteCarlo(R"(agauss divider
.options seed=3
V1 in 0 1
R1 in out {agauss(1k, 10, 1)}
R2 out 0 {agauss(1k, 10, 1)}
.step param run 1 2000 1
.op
.end
)");
    REQUIRE(run->outcomes.size() == 2000);
    std::vector<double> out;
    for (const auto& outcome : run->outcomes) {
        REQUIRE(outcome.ok);
        out.push_back(opValue(outcome.opText, "v(out)"));
    }
    // v = R2/(R1+R2): dv/dR2 = R1/(R1+R2)^2 = -dv/dR1 = 1/4000 per ohm at 1k/1k, each sigma 10 ohm.
    const double expected = std::sqrt(2.0) * 10.0 / 4000.0;
    CHECK(std::abs(standardDeviation(out) / expected - 1.0) < 0.05);
}

namespace {

// rx_diffamp (receivers.lib) with four independent 1 % mc() resistors, ideal-limit op-amp.
std::string diffampMonteCarlo() {
    const std::string lib = std::string(CABLESPICE_SOURCE_DIR) + "/netlists/lib/receivers.lib";
    return R"(difference amplifier, 1 % resistors
.include ")" + lib + R"("
.options seed=11
Vdm d 0 AC 1
Vcm gs 0 AC 1
Ep p gs d 0 0.5
En gs n d 0 0.5
Xrx p n out 0 rx_diffamp r1={mc(10k, 0.01)} r2={mc(10k, 0.01)} r3={mc(10k, 0.01)} r4={mc(10k, 0.01)}
+ a0=1e9 gbw=1e15 rout=1u
.step param run 1 2000 1
.cmrr v(out) vdm vcm ac lin 1 60 60
.meas cmrr c60 FIND cmrr AT=60
.end
)";
}

// Ideal op-amp: out = v(inp) R4/(R3+R4) (1 + R2/R1) - v(inn) R2/R1, inp = vcm + vd/2, inn = vcm - vd/2.
double diffampCmrrDb(double r1, double r2, double r3, double r4) {
    const double plus = r4 / (r3 + r4) * (1 + r2 / r1), minus = r2 / r1;
    return 20 * std::log10(std::abs((plus + minus) / 2 / (plus - minus)));
}

// To first order in the tolerances e_i (R_i = R (1 + e_i), G = 1) Adm = 1 and Acm = (e1 - e2 - e3 + e4)/2,
// so |Acm| / t is half the magnitude of a sum of four uniforms on [-1, 1], i.e. of 2 Y - 4 with Y
// Irwin-Hall of order 4: the median m of |2 Y - 4| solves F_Y(2 + m/2) = 3/4.
double irwinHall4Cdf(double y) {
    double sum = 0;
    for (int k = 0; k <= static_cast<int>(std::floor(y)) && k <= 4; ++k) {
        const double binomial[] = {1, 4, 6, 4, 1};
        sum += (k % 2 ? -1 : 1) * binomial[k] * std::pow(y - k, 4);
    }
    return sum / 24;
}

double predictedMedianCmrrDb(double tolerance) {
    double low = 0, high = 4;
    for (int i = 0; i < 60; ++i) {
        const double m = (low + high) / 2;
        (irwinHall4Cdf(2 + m / 2) < 0.75 ? low : high) = m;
    }
    return -20 * std::log10(tolerance * low / 2);
}

} // namespace

TEST_CASE("The 1 % difference amplifier never beats its worst case and matches its drawn resistors", "[random][montecarlo]") {
    auto run = runMonteCarlo(diffampMonteCarlo(), true);
    REQUIRE(run->outcomes.size() == 2000);
    const double worstCase = 20 * std::log10(1 / (2 * 0.01));  // CASES.md B3: 33.9794 dB
    std::vector<double> cmrr;
    for (const auto& outcome : run->outcomes) {
        REQUIRE(outcome.ok);
        const double db = measured(outcome, "c60");
        const double r1 = resistance(outcome, "r.xrx.r1"), r2 = resistance(outcome, "r.xrx.r2");
        const double r3 = resistance(outcome, "r.xrx.r3"), r4 = resistance(outcome, "r.xrx.r4");
        for (double r : {r1, r2, r3, r4}) CHECK((r > 9900 && r < 10100));
        CHECK_THAT(db, WithinAbs(diffampCmrrDb(r1, r2, r3, r4), 1e-3));
        cmrr.push_back(db);
    }
    // The same run on the fast path (each point's rebuilt resistors swapped into one circuit).
    auto fast = runMonteCarlo(diffampMonteCarlo());
    REQUIRE(fast->outcomes.size() == 2000);
    for (std::size_t i = 0; i < 2000; ++i) CHECK_THAT(measured(fast->outcomes[i], "c60"), WithinRel(cmrr[i], 1e-12));
    std::sort(cmrr.begin(), cmrr.end());
    CHECK(cmrr.front() > worstCase);
    const double median = (cmrr[999] + cmrr[1000]) / 2;
    WARN("1 % difference amplifier, 2000 runs: median CMRR " << median << " dB, lowest " << cmrr.front()
                                                             << " dB (worst case " << worstCase << " dB)");
    // 47.90 dB; the sample median of 2000 runs is good to about 0.25 dB (one standard error).
    CHECK_THAT(median, WithinAbs(predictedMedianCmrrDb(0.01), 1.0));
}
