// .dc sweeps of linear circuits against superposition closed forms.
#include "solver/analysis/dc_sweep.hpp"

#include "solver/devices/current_source.hpp"
#include "solver/devices/resistor.hpp"
#include "solver/devices/voltage_source.hpp"

#include <catch2/catch.hpp>

#include <vector>

using namespace cablespice::solver;
using cablespice::SourceRange;

namespace {

struct RealRow {
    double scale;
    std::vector<double> x;
};

class RecordingObserver final : public SolutionObserver {
public:
    void begin(const AnalysisInfo& info) override {
        info_ = info;
        ++begins;
    }
    void realPoint(double scale, std::span<const double> x) override { rows.push_back({scale, {x.begin(), x.end()}}); }
    void complexPoint(double, std::span<const std::complex<double>>) override { FAIL("DC reports real points only"); }
    void end(bool complete) override {
        completed = complete;
        ++ends;
    }

    AnalysisInfo info_;
    std::vector<RealRow> rows;
    int begins = 0, ends = 0;
    bool completed = false;
};

SourceValue dc(double value) {
    SourceValue v;
    v.dc = value;
    return v;
}

// v1 (in) -> r1 1k -> out -> r2 3k -> ground, and i1 injecting into out:
// v(out) = 0.75 V1 + (1k || 3k) I1 = 0.75 V1 + 750 I1.
struct Divider {
    Circuit circuit;
    Unknown out = kGround;
    VoltageSource* v1 = nullptr;
    CurrentSource* i1 = nullptr;
};

void buildDivider(Divider& d) {
    Circuit& c = d.circuit;
    auto in = c.nodes().node("in");
    d.out = c.nodes().node("out");
    d.v1 = &c.add<VoltageSource>("v1", SourceRange{}, in, kGround, dc(1.25));
    c.add<Resistor>("r1", SourceRange{}, in, d.out, 1e3);
    c.add<Resistor>("r2", SourceRange{}, d.out, kGround, 3e3);
    d.i1 = &c.add<CurrentSource>("i1", SourceRange{}, kGround, d.out, dc(-2e-3));
    c.finalize();
}

double vOut(const RealRow& row, Unknown out) { return row.x[static_cast<std::size_t>(out)]; }

} // namespace

TEST_CASE("A swept divider is linear in the source and names its scale v-sweep", "[dcsweep]") {
    Divider d;
    buildDivider(d);
    RecordingObserver observer;

    REQUIRE(runDcSweep(d.circuit, {{{"v1", 0.0, 5.0, 0.5}}}, observer).ok());

    CHECK(observer.info_.plotName == "DC transfer characteristic");
    CHECK(observer.info_.scaleName == "v-sweep");
    CHECK(observer.info_.scaleType == VectorType::Voltage);
    CHECK_FALSE(observer.info_.complex);
    CHECK(observer.completed);
    REQUIRE(observer.rows.size() == 11);
    for (std::size_t k = 0; k < observer.rows.size(); ++k) {
        const double v1 = 0.5 * static_cast<double>(k);
        CHECK(observer.rows[k].scale == Approx(v1).margin(1e-15));
        CHECK(vOut(observer.rows[k], d.out) == Approx(0.75 * v1 + 750.0 * -2e-3).margin(1e-12));
    }
    CHECK(d.v1->value().dc == 1.25);  // restored
}

TEST_CASE("A negative increment sweeps downwards and includes stop", "[dcsweep]") {
    Divider d;
    buildDivider(d);
    RecordingObserver observer;

    REQUIRE(runDcSweep(d.circuit, {{{"v1", 5.0, 0.0, -1.0}}}, observer).ok());

    REQUIRE(observer.rows.size() == 6);
    for (std::size_t k = 0; k < 6; ++k) CHECK(observer.rows[k].scale == Approx(5.0 - static_cast<double>(k)));
    CHECK(vOut(observer.rows.back(), d.out) == Approx(-1.5).margin(1e-12));
}

TEST_CASE("The sweep point count is robust to decimal increments and wrong signs", "[dcsweep]") {
    using Sweep = DcSweepSpec::Sweep;
    CHECK(sweepPointCount(Sweep{"v1", 0.0, 1.0, 0.1}) == 11);
    CHECK(sweepPointCount(Sweep{"v1", 0.0, 0.3, 0.1}) == 4);  // 0.3 / 0.1 = 2.9999999999999996
    CHECK(sweepPointCount(Sweep{"v1", -1.0, 1.0, 0.02}) == 101);
    CHECK(sweepPointCount(Sweep{"v1", 1.0, 0.0, -0.1}) == 11);
    CHECK(sweepPointCount(Sweep{"v1", 0.0, 1.05, 0.1}) == 11);  // stop between points: not reached
    CHECK(sweepPointCount(Sweep{"v1", 2.0, 2.0, 0.5}) == 1);
    CHECK(sweepPointCount(Sweep{"v1", 0.0, 1.0, -0.1}) == 0);  // increment away from stop
    CHECK(sweepPointCount(Sweep{"v1", 0.0, 1.0, 0.0}) == 1);   // ngspice would loop forever
    CHECK(sweepValue(Sweep{"v1", 0.0, 0.3, 0.1}, 3) == Approx(0.3).epsilon(1e-15));
}

TEST_CASE("Two nested sweeps run the first (inner) source fastest and use it as the scale", "[dcsweep]") {
    Divider d;
    buildDivider(d);
    RecordingObserver observer;
    const DcSweepSpec spec{{{"v1", 0.0, 2.0, 1.0}, {"i1", 1e-3, 3e-3, 1e-3}}};

    REQUIRE(runDcSweep(d.circuit, spec, observer).ok());

    CHECK(observer.info_.scaleName == "v-sweep");
    REQUIRE(observer.rows.size() == 9);
    for (int outer = 0; outer < 3; ++outer)
        for (int inner = 0; inner < 3; ++inner) {
            const auto& row = observer.rows[static_cast<std::size_t>(outer * 3 + inner)];
            const double v1 = inner, i1 = 1e-3 * (outer + 1);
            CHECK(row.scale == Approx(v1));
            CHECK(vOut(row, d.out) == Approx(0.75 * v1 + 750.0 * i1).margin(1e-12));
        }
    CHECK(d.v1->value().dc == 1.25);
    CHECK(d.i1->value().dc == -2e-3);
}

TEST_CASE("A current-source sweep names its scale i-sweep", "[dcsweep]") {
    Divider d;
    buildDivider(d);
    RecordingObserver observer;

    REQUIRE(runDcSweep(d.circuit, {{{"i1", 0.0, 1e-3, 5e-4}}}, observer).ok());

    CHECK(observer.info_.scaleName == "i-sweep");
    CHECK(observer.info_.scaleType == VectorType::Current);
    REQUIRE(observer.rows.size() == 3);
    CHECK(vOut(observer.rows[2], d.out) == Approx(0.75 * 1.25 + 750.0 * 1e-3).margin(1e-12));
}

TEST_CASE("A linear DC sweep factors the matrix once and only solves per point", "[dcsweep]") {
    Divider d;
    buildDivider(d);
    RecordingObserver observer;
    DcSystem system(d.circuit);

    REQUIRE(runDcSweep(d.circuit, {{{"v1", 0.0, 1.0, 0.01}, {"i1", 0.0, 1e-3, 1e-3}}}, observer, system).ok());

    REQUIRE(observer.rows.size() == 202);
    CHECK(system.counters().factorizations == 1);
    CHECK(system.counters().refactorizations == 0);
    CHECK(system.counters().solves == 202);
}

TEST_CASE("Sweeping a name that is not an independent source is an error before any output", "[dcsweep]") {
    Divider d;
    buildDivider(d);
    RecordingObserver observer;

    auto missing = runDcSweep(d.circuit, {{{"v9", 0.0, 1.0, 0.5}}}, observer);
    auto resistor = runDcSweep(d.circuit, {{{"r1", 0.0, 1.0, 0.5}}}, observer);

    CHECK_FALSE(missing.ok());
    CHECK_FALSE(resistor.ok());
    CHECK(observer.begins == 0);
}
