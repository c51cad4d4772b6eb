// A transient whose matrix is ordered as two domains (KluSettings::splitMinUnknowns) gives the
// same waveforms as the default ordering, and exactly the same with one solve thread or two.
#include "solver/analysis/transient.hpp"

#include "../../support/circuit_builders.hpp"
#include "transient_recorder.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace cablespice::test;

namespace {

constexpr int kSections = 150;

std::string junction(int line, int k) { return k == 0 ? "in" + std::to_string(line) : "n" + std::to_string(line) + "_" + std::to_string(k); }

// Two 150-section RLC lines side by side, coupled by a capacitor at every section (a strip two
// lines wide, like a pair of a cable harness), the first driven by a pulse through 50 ohm.
void buildCoupledLines(Circuit& c, const KluSettings& settings) {
    addWaveformSource(c, "v1", "src", "0", waveformValue(WaveformKind::Pulse, {0, 1, 0, 2e-9, 2e-9, 1.0, 2.0}, 10e-9, 4e-6));
    addResistor(c, "rs", "src", "in0", 50.0);
    addResistor(c, "rq", "in1", "0", 50.0);
    for (int line = 0; line < 2; ++line)
        for (int k = 1; k <= kSections; ++k) {
            const std::string id = std::to_string(line) + "_" + std::to_string(k);
            addResistor(c, "r" + id, junction(line, k - 1), "m" + id, 0.05);
            addInductor(c, "l" + id, "m" + id, junction(line, k), 250e-9);
            addCapacitor(c, "c" + id, junction(line, k), "0", 100e-12);
        }
    for (int k = 1; k <= kSections; ++k) addCapacitor(c, "cx" + std::to_string(k), junction(0, k), junction(1, k), 10e-12);
    addResistor(c, "rl0", junction(0, kSections), "0", 50.0);
    addResistor(c, "rl1", junction(1, kSections), "0", 50.0);
    c.finalize(settings);
}

KluSettings splitEverything() {
    KluSettings settings;
    settings.splitMinUnknowns = 1;
    settings.rowSolveMinEntries = 1;
    settings.parallelSolveMinEntries = 1;
    settings.rowSolveAfterSolves = 0;
    return settings;
}

struct Run {
    TransientRecorder recorder;
    TransientStats stats;
    double drivenEnd = 0.0, quietEnd = 0.0;  // the two lines' far ends at TSTOP
};

void run(const KluSettings& settings, int threads, bool fixedStep, Run& out) {
    Circuit c;
    buildCoupledLines(c, settings);
    TransientOptions options;
    options.solveThreads = threads;
    options.fixedStep = fixedStep;
    out.stats = runOk(c, tranSpec(5e-9, 4e-6), options, out.recorder);
    const auto& last = out.recorder.points.back();
    out.drivenEnd = last[static_cast<std::size_t>(*c.nodes().findNode(junction(0, kSections)))];
    out.quietEnd = last[static_cast<std::size_t>(*c.nodes().findNode(junction(1, kSections)))];
}

} // namespace

TEST_CASE("Two solve threads give exactly the one-thread transient of a two-domain matrix", "[tran][split]") {
    Run one, two;
    run(splitEverything(), 1, false, one);
    run(splitEverything(), 2, false, two);
    CHECK(one.stats.parallelSolves == 0);
    CHECK(two.stats.parallelSolves == two.stats.solves);
    CHECK(two.stats.solves > 100);
    CHECK(one.stats.acceptedSteps == two.stats.acceptedSteps);
    CHECK(one.stats.rejectedSteps == two.stats.rejectedSteps);
    CHECK(one.recorder.times == two.recorder.times);
    CHECK(one.recorder.points == two.recorder.points);
    // The lines are matched (Z0 = sqrt(250 nH / 100 pF) = 50 ohm, 0.75 us long), so by 4 us the
    // 1 V step has settled to the DC divider 50 / (50 + 150 * 0.05 + 50) on the driven line and
    // to 0 on the capacitively coupled one.
    CHECK(two.drivenEnd == Approx(50.0 / 107.5).margin(1e-3));
    CHECK(two.quietEnd == Approx(0.0).margin(1e-3));
}

TEST_CASE("The two-domain ordering gives the default ordering's waveforms at the same steps", "[tran][split]") {
    Run split, plain;
    run(splitEverything(), 2, true, split);
    run(KluSettings{}, 1, true, plain);
    REQUIRE(split.recorder.times == plain.recorder.times);
    double largestGap = 0.0, largestValue = 0.0;
    for (std::size_t p = 0; p < split.recorder.points.size(); ++p)
        for (std::size_t u = 0; u < split.recorder.points[p].size(); ++u) {
            largestGap = std::max(largestGap, std::abs(split.recorder.points[p][u] - plain.recorder.points[p][u]));
            largestValue = std::max(largestValue, std::abs(plain.recorder.points[p][u]));
        }
    INFO("largest difference " << largestGap << " of " << largestValue);
    CHECK(largestValue > 0.4);  // the pulse went through
    CHECK(largestGap <= 1e-9 * largestValue);
}
