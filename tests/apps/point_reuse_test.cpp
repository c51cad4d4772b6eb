// The point fast path (ARCHITECTURE B10): a .step or Monte Carlo point that changes only element
// values reuses the previous point's circuit (elab::elaborateReusing, Circuit::finalizeReplacing).
// The reference for every number is the same run with every point elaborated in full
// (EngineOptions::fullElaboration), which is what the engine did before the fast path; the two
// must agree to 1e-12 relative, for one and two worker threads. Points that change structure
// (a line's section count, an analysis card, an element stepped by name) must fall back.
#include "apps/engine/stepped_runner.hpp"
#include "parser/elaborate/elaborator.hpp"
#include "parser/parse_netlist.hpp"
#include "solver/circuit/sensitive_device.hpp"
#include "tests/support/elaborated_netlist.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <memory>
#include <set>
#include <string>
#include <vector>

using namespace cablespice;

namespace {

using PointRun = testing::ElaboratedNetlist;

std::unique_ptr<PointRun> runPoints(const std::string& text, int jobs, bool fullElaboration,
                                    const std::vector<elab::ParamOverride>& overrides = {}) {
    elab::ElaborationOptions baseOptions;
    baseOptions.overrides = overrides;
    auto run = testing::elaborateText("point_reuse.cir", text, baseOptions);
    app::EngineOptions options;
    options.jobs = jobs;
    options.fullElaboration = fullElaboration;
    options.overrides = overrides;
    run->outcomes = app::runStepPoints(run->netlist, run->base, options);
    return run;
}

// How many times the literal element `kept` (no expression on its card) was built: 1 per worker
// when every point after a worker's first reused that worker's circuit, one per point when each
// was elaborated in full.
std::size_t circuitsUsed(const PointRun& run, const std::string& kept = "rl") {
    std::set<const solver::Device*> built;
    for (const auto& outcome : run.outcomes)
        if (outcome.deck) built.insert(outcome.deck->circuit->findDevice(kept));
    return built.size();
}

bool close(std::complex<double> a, std::complex<double> b) {
    return std::abs(a - b) <= 1e-12 * std::max({std::abs(a), std::abs(b), 1e-30});
}

// Every recorded value and every .meas of `a` equals `b`'s within 1e-12 relative.
void requireSameResults(const PointRun& a, const PointRun& b) {
    REQUIRE(a.outcomes.size() == b.outcomes.size());
    for (std::size_t i = 0; i < a.outcomes.size(); ++i) {
        const auto& x = a.outcomes[i];
        const auto& y = b.outcomes[i];
        INFO("point " << i);
        REQUIRE(x.ok == y.ok);
        REQUIRE(x.diagnostics.size() == y.diagnostics.size());
        for (std::size_t d = 0; d < x.diagnostics.size(); ++d) CHECK(x.diagnostics[d].message == y.diagnostics[d].message);
        CHECK(x.opText == y.opText);
        REQUIRE(x.analyses.size() == y.analyses.size());
        for (std::size_t k = 0; k < x.analyses.size(); ++k) {
            const auto& p = x.analyses[k];
            const auto& q = y.analyses[k];
            REQUIRE(p.points() == q.points());
            REQUIRE(p.width == q.width);
            for (std::size_t s = 0; s < p.points(); ++s) {
                REQUIRE(close(p.scale[s], q.scale[s]));
                for (std::size_t u = 0; u < p.width; ++u)
                    if (!close(p.value(s, u), q.value(s, u))) FAIL("analysis " << k << " point " << s << " unknown " << u << " rel " << std::abs(p.value(s, u) - q.value(s, u)) / std::abs(q.value(s, u)));
            }
        }
        REQUIRE(x.measurements.size() == y.measurements.size());
        for (std::size_t m = 0; m < x.measurements.size(); ++m) {
            REQUIRE(x.measurements[m].value.has_value() == y.measurements[m].value.has_value());
            if (x.measurements[m].value) CHECK(close(*x.measurements[m].value, *y.measurements[m].value));
        }
    }
}

// The fast path against full elaboration, at -j1 and -j2; returns the -j1 fast run.
std::unique_ptr<PointRun> checkAgainstFullElaboration(const std::string& text, const std::string& kept = "rl",
                                                      const std::vector<elab::ParamOverride>& overrides = {}) {
    auto full = runPoints(text, 1, true, overrides);
    auto fast = runPoints(text, 1, false, overrides);
    auto fastParallel = runPoints(text, 2, false, overrides);
    requireSameResults(*fast, *full);
    requireSameResults(*fastParallel, *full);
    const auto elaborated = std::count_if(full->outcomes.begin(), full->outcomes.end(), [](const auto& o) { return o.deck != nullptr; });
    CHECK(circuitsUsed(*full, kept) == static_cast<std::size_t>(elaborated));
    return fast;
}

// A balanced pair: 3 lumped sections with coupled inductors (literal cards, kept) and a
// leg-to-shield capacitance imbalance (an expression, rebuilt at every point).
std::string pairDeck(const std::string& analysis, const std::string& step) {
    std::string text = "pair\n.options seed=7\n.param run=0\n.param imb={agauss(0.01, 0.005, 1)}\n.param cps=22p\n"
                       "Vcm gs 0 DC 0.5 AC 1 SIN(0 1 1k)\nRp gs p0 50\nRn gs n0 {agauss(60, 1, 1)}\n";
    for (int k = 1; k <= 3; ++k) {
        const std::string s = std::to_string(k), r = std::to_string(k - 1);
        text += "Rp" + s + " p" + r + " pm" + s + " 0.5\nLp" + s + " pm" + s + " p" + s + " 7u\n";
        text += "Rn" + s + " n" + r + " nm" + s + " 0.5\nLn" + s + " nm" + s + " n" + s + " 7u\n";
        text += "Kpn" + s + " Lp" + s + " Ln" + s + " 0.57\n";
        text += "Cps" + s + " p" + s + " 0 {cps}\nCns" + s + " n" + s + " 0 {cps*(1+imb)}\nCpn" + s + " p" + s + " n" + s +
                " 11p\n";
    }
    text += "Rcp p3 0 10k\nRcn n3 0 {mc(10k, 0.01)}\nE1 out 0 p3 n3 1\nRl out 0 10k\n";
    return text + step + "\n" + analysis + "\n.end\n";
}

} // namespace

TEST_CASE("Monte Carlo points reuse the circuit and equal full elaboration: AC", "[step][reuse]") {
    auto fast = checkAgainstFullElaboration(
        pairDeck(".ac dec 5 10 100k\n.meas ac cm60 find vdb(out) at=60", ".step param run 1 40 1"));
    CHECK(circuitsUsed(*fast) == 1);
    // The draws differ from point to point, so the points do not all give one answer.
    CHECK(fast->outcomes[0].measurements[0].value != fast->outcomes[1].measurements[0].value);
}

TEST_CASE("Monte Carlo points reuse the circuit and equal full elaboration: DC and OP", "[step][reuse]") {
    auto fast = checkAgainstFullElaboration(pairDeck(".op\n.dc Vcm 0 1 0.25", ".step param run 1 30 1"));
    CHECK(circuitsUsed(*fast) == 1);
}

TEST_CASE("Monte Carlo points reuse the circuit and equal full elaboration: transient", "[step][reuse]") {
    auto fast = checkAgainstFullElaboration(pairDeck(".tran 20u 2m", ".step param run 1 12 1"));
    CHECK(circuitsUsed(*fast) == 1);
}

TEST_CASE("A .step of a parameter feeding element values reuses the circuit", "[step][reuse]") {
    auto fast = checkAgainstFullElaboration(pairDeck(".ac lin 3 50 70", ".step param cps 10p 100p 10p"));
    CHECK(circuitsUsed(*fast) == 1);
}

TEST_CASE("Points that change structure fall back to full elaboration and still agree", "[step][reuse]") {
    SECTION("a parameter in an analysis card") {
        auto fast = checkAgainstFullElaboration(pairDeck(".param f=60\n.ac lin 1 {f} {f}", ".step param f list 50 60 70"));
        CHECK(circuitsUsed(*fast) == 3);
    }
    SECTION("a line's section count") {
        const std::string deck = "sections\n.param n=2\n"
                                 ".model cab cable (type=pair rleg=0.05 rshield=0.02 ccc=50p ccs=100p z0=100)\n"
                                 "v1 s 0 dc 0 ac 1\nrs s a 50\nrb b 0 {50+n}\np1 a b 0 0 x y 0 0 cab len=100 sections={n}\n"
                                 "rx x 0 100\nry y 0 100\n.step param n list 2 3 3 5\n.ac lin 2 1k 1meg\n.end\n";
        auto fast = checkAgainstFullElaboration(deck, "rx");
        // 2 -> 3 -> 3 -> 5: the second 3 changes only rb's value and reuses the circuit.
        CHECK(circuitsUsed(*fast, "rx") == 3);
    }
    SECTION("an element stepped by name") {
        auto fast = checkAgainstFullElaboration(pairDeck(".ac lin 1 60 60", ".step Rp1 list 0.4 0.5 0.6"));
        CHECK(circuitsUsed(*fast) == 3);
    }
}

TEST_CASE("A point whose coupling becomes unphysical fails alone, with or without reuse", "[step][reuse]") {
    const std::string deck = "coupling\n.param k=0.5\nV1 a 0 AC 1\nR1 a b 10\nL1 b 0 1m\nL2 c 0 1m\nR2 c 0 10\n"
                             "K1 L1 L2 {k}\n.step param k list 0.5 1.5 0.9\n.ac lin 1 1k 1k\n.end\n";
    auto fast = checkAgainstFullElaboration(deck, "r2");
    CHECK(fast->outcomes[0].ok);
    CHECK_FALSE(fast->outcomes[1].ok);
    CHECK(fast->outcomes[2].ok);
}

// A point's deck is read after later points ran (the streamed printout, --json's .sens table):
// with reuse each deck must still hold its own values, at -j1 and -j2.
TEST_CASE("After the run every point's deck still holds that point's element values", "[step][reuse]") {
    const std::string deck = "values\n.param r2=1k\nV1 a 0 1\nR1 a b 1k\nR2 b 0 {r2}\n.step param r2 list 1k 2k 3k 4k 5k\n"
                             ".sens v(b)\n.end\n";
    for (int jobs : {1, 2}) {
        auto fast = runPoints(deck, jobs, false);
        REQUIRE(fast->outcomes.size() == 5);
        CHECK(circuitsUsed(*fast, "r1") <= static_cast<std::size_t>(jobs));  // a worker may take none
        for (std::size_t i = 0; i < fast->outcomes.size(); ++i) {
            REQUIRE(fast->outcomes[i].deck);
            const auto* r2 = dynamic_cast<const solver::SensitiveDevice*>(fast->outcomes[i].deck->circuit->findDevice("r2"));
            REQUIRE(r2);
            CHECK(r2->sensitivityValue() == Approx(1e3 * static_cast<double>(i + 1)));
        }
    }
}

// The fast path parses each expression once per worker (elab::ParsedExpressions) and evaluates
// it at every point: -D overrides and .step values must still reach every use, including the
// same text written in two subcircuit instances and a .meas expression. Reference: the closed
// form of the resistive ladder below and full elaboration (every expression parsed anew).
TEST_CASE("Expressions parsed once per run see -D overrides and each point's .step values", "[step][reuse]") {
    const std::string deck = "cache\n.param a=1k\n.param b={2*a}\n.param g=1\n"
                             ".subckt half in out rr=1k\nR1 in out {rr*g}\nR2 out 0 {rr}\n.ends\n"
                             "V1 in 0 AC 1\nX1 in m half rr={a}\nX2 m out half rr={b}\nRk out 0 1meg\n"
                             ".step param g list 1 2 3 0.5\n.ac lin 1 1k 1k\n.meas ac vout find vm(out) at=1k\n.end\n";
    // -D a=2k: X1 is 2k*g in series, 2k to ground; X2 4k*g in series, 4k || 1meg to ground.
    auto ladder = [](double g) {
        const double a = 2e3, b = 2 * a, load = b * 1e6 / (b + 1e6);
        const double zm = 1.0 / (1.0 / a + 1.0 / (b * g + load));
        return zm / (a * g + zm) * load / (b * g + load);
    };
    const std::vector<elab::ParamOverride> overrides{{"a", "2k"}};
    auto fast = checkAgainstFullElaboration(deck, "rk", overrides);
    const std::vector<double> steps{1, 2, 3, 0.5};
    REQUIRE(fast->outcomes.size() == steps.size());
    for (std::size_t i = 0; i < steps.size(); ++i) {
        REQUIRE(fast->outcomes[i].measurements.size() == 1);
        REQUIRE(fast->outcomes[i].measurements[0].value);
        CHECK(*fast->outcomes[i].measurements[0].value == Approx(ladder(steps[i])).epsilon(1e-12));
    }
}

// Element cards read without any parameter, function, random function or model lookup
// (elab::InvariantCards) are kept as built like literal ones: a V source, a VCVS, a capacitor
// written as a constant expression. A card that reads a parameter, even one no point changes,
// is built at every point. Reference: full elaboration; the kept devices are the first point's.
TEST_CASE("Element cards read without a parameter are kept as built and those reading one are rebuilt", "[step][reuse]") {
    const std::string deck = pairDeck(".ac lin 1 60 60\n.meas ac cm60 find vdb(out) at=60\n"
                                      ".param rload=1meg\nCk out 0 {1/(2*3.14159*1meg)}\nRm out 0 {rload}",
                                      ".step param run 1 20 1");
    auto fast = checkAgainstFullElaboration(deck, "ck");
    for (const char* kept : {"vcm", "e1", "ck"}) {
        INFO(kept);
        CHECK(circuitsUsed(*fast, kept) == 1);
    }
    for (const char* rebuilt : {"cps1", "rn", "rm"}) {
        INFO(rebuilt);
        CHECK(circuitsUsed(*fast, rebuilt) == 20);
    }
}
