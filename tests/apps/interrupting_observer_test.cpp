// EngineOptions::interrupted: a run stops inside its analysis (InterruptingObserver) and points
// not started do not run; each stopped point fails with "run interrupted".
#include "apps/engine/interrupting_observer.hpp"

#include "apps/engine/recorded_analysis.hpp"
#include "apps/engine/stepped_runner.hpp"
#include "parser/elaborate/elaborator.hpp"
#include "parser/parse_netlist.hpp"
#include "tests/support/elaborated_netlist.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

using namespace cablespice;

namespace {

std::unique_ptr<testing::ElaboratedNetlist> prepare(const std::string& text) {
    auto run = testing::elaborateText("interrupt.cir", text);
    run->outcomes = app::pendingOutcomes(elab::stepPoints(run->base.steps));
    return run;
}

bool interrupted(const app::PointOutcome& outcome) {
    return !outcome.ok && outcome.diagnostics.size() == 1 && outcome.diagnostics[0].message == "run interrupted";
}

} // namespace

TEST_CASE("InterruptingObserver forwards until the flag is set, then throws at the next point", "[app][interrupt]") {
    std::vector<app::RecordedAnalysis> analyses;
    app::RecordingObserver recorder(analyses);
    std::atomic<bool> flag{false};
    app::InterruptingObserver observer(recorder, &flag);
    const double x[] = {0.0, 1.0};
    observer.begin({"Transient Analysis", "time", solver::VectorType::Time, false});
    observer.realPoint(0.0, x);
    flag = true;
    CHECK_THROWS_AS(observer.realPoint(1.0, x), app::RunInterrupted);
    observer.end(false);
    REQUIRE(analyses.size() == 1);
    CHECK(analyses[0].points() == 1);
}

TEST_CASE("A run interrupted before it starts runs no point", "[app][interrupt]") {
    auto run = prepare("steps\n.param r=1k\nV1 a 0 1\nR1 a 0 {r}\n.op\n.step param r list 1k 2k 3k\n.end\n");
    std::atomic<bool> flag{true};
    app::EngineOptions options;
    options.interrupted = &flag;
    app::runPoints(run->netlist, run->base, options, 1, run->outcomes);
    REQUIRE(run->outcomes.size() == 3);
    for (const auto& outcome : run->outcomes) {
        CHECK(interrupted(outcome));
        CHECK(outcome.analyses.empty());
    }
}

TEST_CASE("A long transient stops inside its analysis when the run is interrupted", "[app][interrupt]") {
    // 1e7 time steps, seconds of work (minutes under the sanitizers). The flag is set after a
    // delay; on a loaded machine the point may not have reached its analysis by then (it is then
    // stopped before it, which another test covers), so the delay doubles until the stop lands
    // inside the transient.
    const std::string deck = "long rc\nV1 in 0 SIN(0 1 1k)\nR1 in out 1k\nC1 out 0 1u\n.tran 1u 10 0 1u\n.end\n";
    bool stoppedInside = false;
    for (int delayMs = 20; delayMs <= 2560 && !stoppedInside; delayMs *= 2) {
        auto run = prepare(deck);
        std::atomic<bool> flag{false};
        app::EngineOptions options;
        options.interrupted = &flag;
        options.jobs = 1;
        std::thread interrupter([&flag, delayMs] {
            std::this_thread::sleep_for(std::chrono::milliseconds(delayMs));
            flag = true;
        });
        app::runPoints(run->netlist, run->base, options, 1, run->outcomes);
        interrupter.join();
        REQUIRE(run->outcomes.size() == 1);
        const auto& outcome = run->outcomes[0];
        CHECK(interrupted(outcome));
        if (outcome.analyses.empty()) continue;
        REQUIRE(outcome.analyses.size() == 1);
        CHECK_FALSE(outcome.analyses[0].complete);
        CHECK(outcome.analyses[0].scale.back() < 10.0);
        stoppedInside = true;
    }
    CHECK(stoppedInside);
}
