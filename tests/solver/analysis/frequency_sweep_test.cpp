// The AC family's static pivoting and frequency-parallel sweep (issue 17), against the
// continued fraction of an RLC ladder computed here with complex arithmetic alone (independent
// of MNA and KLU), and against itself only where the claim is "the same numbers for any thread
// count".
#include "solver/analysis/frequency_sweep.hpp"

#include "solver/analysis/ac_analysis.hpp"
#include "solver/analysis/cmrr_analysis.hpp"
#include "solver/analysis/frequency_grid.hpp"
#include "solver/analysis/shared_preparation.hpp"
#include "solver/devices/capacitor.hpp"
#include "solver/devices/inductor.hpp"
#include "solver/devices/resistor.hpp"
#include "solver/devices/voltage_source.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <complex>
#include <numbers>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace cablespice::solver;
using cablespice::SourceRange;
using Complex = std::complex<double>;

namespace {

// A 100 m cable leg as 200 lumped sections: series R then L, shunt C and a leakage R at each
// section node, a 10 kOhm load at the far end. At low frequencies the branch rows' jwL
// diagonals are ~1e-6 of their incidence entries, which is what drives partial pivoting
// off the diagonal on the harness (bench/README.md).
struct Ladder {
    static constexpr int kSections = 200;
    static constexpr double kR = 0.05, kL = 0.5e-6, kC = 100e-12, kLeak = 1e10, kLoad = 1e4;
    Circuit circuit;
    Unknown load = kGround;

    Ladder() {
        SourceValue ac;
        ac.acMagnitude = 1.0;
        Unknown previous = circuit.nodes().node("in");
        circuit.add<VoltageSource>("v1", SourceRange{}, previous, kGround, ac);
        for (int k = 1; k <= kSections; ++k) {
            const std::string index = std::to_string(k);
            const Unknown mid = circuit.nodes().node("m" + index);
            const Unknown node = circuit.nodes().node("n" + index);
            circuit.add<Resistor>("r" + index, SourceRange{}, previous, mid, kR);
            circuit.add<Inductor>("l" + index, SourceRange{}, mid, node, kL);
            circuit.add<Capacitor>("c" + index, SourceRange{}, node, kGround, kC);
            circuit.add<Resistor>("g" + index, SourceRange{}, node, kGround, kLeak);
            previous = node;
        }
        circuit.add<Resistor>("rload", SourceRange{}, previous, kGround, kLoad);
        load = previous;
        circuit.finalize();
    }

    // v(load) for 1 V at the input: impedances folded from the load back to the input, then
    // the divider of each section walked forward.
    static Complex loadVoltage(double frequency) {
        const Complex jw(0.0, 2.0 * std::numbers::pi * frequency);
        const Complex series = kR + jw * kL;
        const Complex shunt = 1.0 / (jw * kC + 1.0 / kLeak);
        std::vector<Complex> beyond(kSections + 1);  // beyond[k]: impedance seen at node k towards the load
        beyond[kSections] = 1.0 / (1.0 / shunt + 1.0 / kLoad);
        for (int k = kSections - 1; k >= 1; --k) beyond[k] = 1.0 / (1.0 / shunt + 1.0 / (series + beyond[k + 1]));
        Complex v = 1.0;
        for (int k = 1; k <= kSections; ++k) v *= beyond[k] / (series + beyond[k]);
        return v;
    }
};

struct Rows final : SolutionObserver {
    void begin(const AnalysisInfo&) override {}
    void realPoint(double, std::span<const double>) override {}
    void complexPoint(double frequency, std::span<const Complex> x) override {
        frequencies.push_back(frequency);
        rows.emplace_back(x.begin(), x.end());
    }
    void end(bool complete) override { completed = complete; }
    std::vector<double> frequencies;
    std::vector<std::vector<Complex>> rows;
    bool completed = false;
};

Rows sweep(const Ladder& ladder, const AcSpec& spec, int threads, FrequencySweepStats& stats) {
    Rows rows;
    const std::vector<double> x0(static_cast<std::size_t>(ladder.circuit.unknownCount()) + 1, 0.0);
    auto outcome = runAc(ladder.circuit, x0, spec, rows, threads);
    REQUIRE(outcome.ok());
    stats = outcome.value();
    return rows;
}

} // namespace

TEST_CASE("Static pivots with one refinement step match the ladder's continued fraction from 0.1 Hz to 10 MHz",
          "[ac][sweep]") {
    Ladder ladder;
    FrequencySweepStats stats;
    const AcSpec spec{FrequencyGrid::Decade, 5, 0.1, 1e7};
    auto rows = sweep(ladder, spec, 1, stats);
    REQUIRE(rows.rows.size() == frequencyPoints(spec).size());
    for (std::size_t k = 0; k < rows.rows.size(); ++k) {
        const Complex expected = Ladder::loadVoltage(rows.frequencies[k]);
        const Complex actual = rows.rows[k][static_cast<std::size_t>(ladder.load)];
        INFO("f = " << rows.frequencies[k] << " Hz: " << actual << " against " << expected);
        CHECK(std::abs(actual - expected) <= 1e-9 * std::abs(expected));
    }
    // The analysis's static (diagonal) pivots, no pivot search: the factor keeps the pattern's
    // own fill, not partial pivoting's.
    CHECK(stats.pivotTolerance == 0.0);
    CHECK(stats.counters.staticFallbacks == 0);
    CHECK(stats.counters.factorizations == 1);
    CHECK(stats.counters.refactorizations == static_cast<int>(rows.rows.size()) - 1);
    CHECK(stats.counters.rejectedRefactorizations == 0);
}

TEST_CASE("A 101-point AC sweep gives identical numbers on 1, 2 and 3 threads, with at most one factorization "
          "per frequency", "[ac][sweep]") {
    Ladder ladder;
    const AcSpec spec{FrequencyGrid::Decade, 20, 10.0, 1e6};
    FrequencySweepStats one, two, three;
    auto serial = sweep(ladder, spec, 1, one);
    REQUIRE(serial.rows.size() == 101);
    CHECK(serial.completed);
    for (auto [threads, stats] : {std::pair{2, &two}, std::pair{3, &three}}) {
        auto parallel = sweep(ladder, spec, threads, *stats);
        CHECK(parallel.frequencies == serial.frequencies);
        CHECK(parallel.rows == serial.rows);  // bitwise
        CHECK(stats->threads == threads);
        CHECK(stats->counters.factorizations <= 101);
        CHECK(stats->counters.factorizations + stats->counters.refactorizations >= 101);
    }
    CHECK(one.threads == 1);
    CHECK(one.counters.factorizations == 1);
    CHECK(one.counters.refactorizations == 100);
    CHECK(one.counters.solves == 101);
    CHECK(one.factorEntries > 0.0);
}

namespace {

// Solves for 1 V at the input at `frequency` and returns v(load); `system` is prepared.
Complex loadVoltageOf(AcSystem& system, const Ladder& ladder, double frequency) {
    std::vector<Complex> x(static_cast<std::size_t>(ladder.circuit.unknownCount()) + 1);
    system.loadExcitation(x);
    REQUIRE(system.factorAt(2.0 * std::numbers::pi * frequency).ok());
    REQUIRE(system.solve(x).ok());
    return x[static_cast<std::size_t>(ladder.load)];
}

} // namespace

// The threads of a sweep prepare at its first frequency together: the first factors it, the
// others copy that factorization, each runs a share of the accuracy checks, and all settle on
// everyone's results, as one system alone would (how the checks divide, and that a copy is the
// factorization, is tested on KluNumeric in klu_factorization_test.cpp).
TEST_CASE("Systems preparing together divide the first factorization's checks and solve as one prepared alone",
          "[ac][sweep]") {
    Ladder ladder;
    const double first = 0.1, later = 1e3;
    const double omega = 2.0 * std::numbers::pi * first;
    AcSystem alone(ladder.circuit);
    REQUIRE(alone.prepare(omega).ok());

    AcSystem a(ladder.circuit), b(ladder.circuit);
    SharedPreparation shared(2);
    Outcome<Done> preparedB = Done{};
    std::thread helper([&] { preparedB = shared.prepare(1, b, omega); });
    const Outcome<Done> preparedA = shared.prepare(0, a, omega);
    helper.join();
    REQUIRE(preparedA.ok());
    REQUIRE(preparedB.ok());
    CHECK(a.counters().factorizations == 1);
    CHECK(b.counters().factorizations == 0);  // a copy of a's
    CHECK(a.referencePivotTolerance() == alone.referencePivotTolerance());
    CHECK(b.referencePivotTolerance() == alone.referencePivotTolerance());

    for (double frequency : {first, later}) {
        const Complex expected = Ladder::loadVoltage(frequency);
        const Complex byAlone = loadVoltageOf(alone, ladder, frequency);
        INFO("f = " << frequency << " Hz");
        CHECK(std::abs(byAlone - expected) <= 1e-9 * std::abs(expected));
        CHECK(loadVoltageOf(a, ladder, frequency) == byAlone);  // bitwise: the same factors
        CHECK(loadVoltageOf(b, ladder, frequency) == byAlone);
    }
}

TEST_CASE("A member that gives its share up leaves the others to run every check themselves", "[ac][sweep]") {
    Ladder ladder;
    const double frequency = 0.1;
    AcSystem a(ladder.circuit);
    SharedPreparation shared(2);
    shared.giveUp();  // member 1 never comes: its thread could not start
    REQUIRE(shared.prepare(0, a, 2.0 * std::numbers::pi * frequency).ok());
    const Complex expected = Ladder::loadVoltage(frequency);
    CHECK(std::abs(loadVoltageOf(a, ladder, frequency) - expected) <= 1e-9 * std::abs(expected));
}

TEST_CASE("A member with no first factorization to copy makes its own", "[ac][sweep]") {
    Ladder ladder;
    const double frequency = 0.1;
    AcSystem b(ladder.circuit);
    SharedPreparation shared(2);
    shared.giveUp();  // member 0 never factors: its thread failed before
    REQUIRE(shared.prepare(1, b, 2.0 * std::numbers::pi * frequency).ok());
    CHECK(b.counters().factorizations == 1);
    const Complex expected = Ladder::loadVoltage(frequency);
    CHECK(std::abs(loadVoltageOf(b, ladder, frequency) - expected) <= 1e-9 * std::abs(expected));
}

TEST_CASE("A sweep whose first frequency is singular fails with KLU's error and no point, on any thread count",
          "[ac][sweep]") {
    // A node reached only through a capacitor is singular at 0 Hz and fine elsewhere: a linear
    // sweep from 0 Hz fails at its first point (the reference), whatever the threads.
    Circuit c;
    SourceValue ac;
    ac.acMagnitude = 1.0;
    auto in = c.nodes().node("in"), out = c.nodes().node("out");
    c.add<VoltageSource>("v1", SourceRange{}, in, kGround, ac);
    c.add<Capacitor>("c1", SourceRange{}, in, out, 1e-6);
    c.add<Resistor>("r1", SourceRange{}, out, kGround, 1e3);
    c.add<Capacitor>("c2", SourceRange{}, out, c.nodes().node("float"), 1e-9);
    c.finalize();
    const std::vector<double> x0(static_cast<std::size_t>(c.unknownCount()) + 1, 0.0);
    for (int threads : {1, 2}) {
        Rows rows;
        auto outcome = runAc(c, x0, {FrequencyGrid::Linear, 9, 0.0, 8e3}, rows, threads);
        REQUIRE_FALSE(outcome.ok());
        CHECK(outcome.error().kind == SolveErrorKind::SingularMatrix);
        CHECK(rows.rows.empty());
        CHECK_FALSE(rows.completed);
    }
}

namespace {

// The sweep's own contract, with a point function that marks each row with its frequency.
FrequencySweep::SolvePoint markRow(double failAt = -1.0, double otherFailAt = -1.0) {
    return [=](AcSystem&, double frequency, std::span<Complex> row, std::span<Complex>) -> Outcome<Done> {
        if (frequency == failAt || frequency == otherFailAt)
            return SolveError{SolveErrorKind::Numerical, "failed at " + std::to_string(frequency), -1, frequency};
        std::fill(row.begin(), row.end(), Complex(frequency, -frequency));
        return Done{};
    };
}

std::vector<double> hertz(int count) {
    std::vector<double> frequencies;
    for (int k = 1; k <= count; ++k) frequencies.push_back(10.0 * k);
    return frequencies;
}

} // namespace

TEST_CASE("A point that fails mid-sweep ends it there: the rows before it are emitted in order, then its error, on "
          "any thread count", "[ac][sweep]") {
    Ladder ladder;
    for (int threads : {1, 2, 3}) {
        FrequencySweep sweep(ladder.circuit, hertz(40), 3, threads);
        std::vector<double> emitted;
        // Two failing points: the earlier one (the 23rd frequency, 230 Hz) is the sweep's error.
        auto outcome = sweep.run(markRow(310.0, 230.0), [&](double frequency, std::span<const Complex> row) {
            CHECK(row[0] == Complex(frequency, -frequency));
            emitted.push_back(frequency);
        });
        REQUIRE_FALSE(outcome.ok());
        CHECK(outcome.error().time == 230.0);  // the test's marker of the failing frequency
        CHECK(emitted == hertz(22));
    }
}

TEST_CASE("An exception from emit or from a point stops every thread and reaches the caller", "[ac][sweep]") {
    Ladder ladder;
    for (int threads : {1, 2, 3}) {
        FrequencySweep fromEmit(ladder.circuit, hertz(30), 3, threads);
        int emitted = 0;
        CHECK_THROWS_WITH(fromEmit.run(markRow(),
                                       [&](double frequency, std::span<const Complex>) {
                                           if (frequency == 120.0) throw std::runtime_error("interrupted");
                                           ++emitted;
                                       }),
                          "interrupted");
        CHECK(emitted == 11);

        FrequencySweep fromPoint(ladder.circuit, hertz(30), 3, threads);
        auto throwing = [](AcSystem&, double frequency, std::span<Complex>, std::span<Complex>) -> Outcome<Done> {
            if (frequency == 70.0) throw std::runtime_error("point threw");
            return Done{};
        };
        CHECK_THROWS_WITH(fromPoint.run(throwing, [](double, std::span<const Complex>) {}), "point threw");
    }
}

// AcSystem::solve(rhs, second), which .cmrr uses for its two excitations, against two solves:
// the first right-hand side bit for bit (the same refactorization pass), the second within a
// rounding of the plain solve (U by the pivots' inverses; infinity norms), both right against the ladder's
// continued fraction (the second excitation is the first times -2j, so its solution is too),
// and the same counters (two solves a frequency, one refactorization, none rejected).
TEST_CASE("A pending refactorization solves two right-hand sides in its pass as two solves do", "[ac][sweep][cmrr]") {
    Ladder ladder;
    const auto width = static_cast<std::size_t>(ladder.circuit.unknownCount()) + 1;
    AcSystem paired(ladder.circuit);
    AcSystem separate(ladder.circuit);
    const double reference = 2.0 * std::numbers::pi * 0.1;
    REQUIRE(paired.prepare(reference).ok());
    REQUIRE(separate.prepare(reference).ok());
    std::vector<Complex> excitation(width);
    paired.loadExcitation(excitation);
    const Complex factor(0.0, -2.0);
    for (double frequency : {1.0, 50.0, 1e3, 2e4, 1e6}) {
        INFO("f = " << frequency << " Hz");
        const double omega = 2.0 * std::numbers::pi * frequency;
        std::vector<Complex> a = excitation, b(width), c = excitation, d(width);
        for (std::size_t i = 0; i < width; ++i) b[i] = d[i] = factor * excitation[i];
        REQUIRE(paired.factorAt(omega).ok());
        REQUIRE(paired.solve(a, b).ok());
        REQUIRE(separate.factorAt(omega).ok());
        REQUIRE(separate.solve(c).ok());
        REQUIRE(separate.solve(d).ok());
        CHECK(a == c);
        double difference = 0.0, largest = 0.0;
        for (std::size_t i = 1; i < width; ++i) {
            difference = std::max(difference, std::abs(b[i] - d[i]));
            largest = std::max(largest, std::abs(d[i]));
        }
        CHECK(difference <= 1e-13 * largest);
        const Complex expected = Ladder::loadVoltage(frequency);
        const auto load = static_cast<std::size_t>(ladder.load);
        CHECK(std::abs(a[load] - expected) <= 1e-9 * std::abs(expected));
        CHECK(std::abs(b[load] - factor * expected) <= 1e-9 * std::abs(expected) * 2.0);
    }
    const KluCounters p = paired.counters(), s = separate.counters();
    CHECK(p.solves == s.solves);
    CHECK(p.refactorizations == s.refactorizations);
    CHECK(p.refactorizations == 5);
    CHECK(p.rejectedRefactorizations == 0);
    CHECK(p.factorizations == 1);
}
