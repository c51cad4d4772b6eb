// AC analysis against closed-form phasors. Tolerances: the systems are tiny and well
// conditioned, so results agree with the formulas to ~1e-12; we ask for 1e-9 relative.
#include "solver/analysis/ac_analysis.hpp"

#include "solver/analysis/frequency_grid.hpp"
#include "solver/devices/capacitor.hpp"
#include "solver/devices/current_source.hpp"
#include "solver/devices/inductor.hpp"
#include "solver/devices/mutual_inductance.hpp"
#include "solver/devices/resistor.hpp"
#include "solver/devices/voltage_source.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <complex>
#include <numbers>
#include <vector>

using namespace cablespice::solver;
using cablespice::SourceRange;
using Complex = std::complex<double>;

namespace {

constexpr double kPi = std::numbers::pi;

struct ComplexRow {
    double scale;
    std::vector<Complex> x;
};

class RecordingObserver final : public SolutionObserver {
public:
    void begin(const AnalysisInfo& info) override {
        info_ = info;
        ++begins;
    }
    void realPoint(double, std::span<const double>) override { FAIL("AC reports complex points only"); }
    void complexPoint(double scale, std::span<const Complex> x) override { rows.push_back({scale, {x.begin(), x.end()}}); }
    void end(bool complete) override {
        completed = complete;
        ++ends;
    }

    AnalysisInfo info_;
    std::vector<ComplexRow> rows;
    int begins = 0, ends = 0;
    bool completed = false;
};

SourceValue acSource(double magnitude, double phaseDegrees = 0.0) {
    SourceValue value;
    value.acMagnitude = magnitude;
    value.acPhaseDegrees = phaseDegrees;
    return value;
}

std::vector<double> zeroOperatingPoint(const Circuit& c) {
    return std::vector<double>(static_cast<std::size_t>(c.unknownCount()) + 1, 0.0);
}

RecordingObserver runAcOk(const Circuit& c, const AcSpec& spec) {
    RecordingObserver observer;
    auto outcome = runAc(c, zeroOperatingPoint(c), spec, observer);
    REQUIRE(outcome.ok());
    return observer;
}

bool closeRelative(Complex actual, Complex expected, double tolerance = 1e-9) {
    return std::abs(actual - expected) <= tolerance * std::abs(expected);
}

double phaseDegrees(Complex z) { return std::arg(z) * 180.0 / kPi; }

} // namespace

TEST_CASE("An RC low-pass follows 1/(1 + j omega R C) in magnitude and phase", "[ac]") {
    const double r = 1e3, cap = 1e-6;
    Circuit c;
    auto in = c.nodes().node("in"), out = c.nodes().node("out");
    c.add<VoltageSource>("v1", SourceRange{}, in, kGround, acSource(1.0));
    c.add<Resistor>("r1", SourceRange{}, in, out, r);
    c.add<Capacitor>("c1", SourceRange{}, out, kGround, cap);
    c.finalize();

    const AcSpec spec{FrequencyGrid::Decade, 5, 1.0, 1e6};
    auto observer = runAcOk(c, spec);

    REQUIRE(observer.rows.size() == frequencyPoints(spec).size());
    for (const auto& row : observer.rows) {
        const Complex expected = 1.0 / Complex(1.0, 2.0 * kPi * row.scale * r * cap);
        CHECK(closeRelative(row.x[static_cast<std::size_t>(out)], expected));
        CHECK(std::abs(row.x[static_cast<std::size_t>(in)] - 1.0) < 1e-12);
    }
    // At the corner frequency the output is 3 dB down and 45 degrees behind.
    auto corner = runAcOk(c, {FrequencyGrid::Linear, 1, 1.0 / (2 * kPi * r * cap), 1.0 / (2 * kPi * r * cap)});
    const Complex vout = corner.rows.at(0).x[static_cast<std::size_t>(out)];
    CHECK(std::abs(vout) == Approx(1.0 / std::sqrt(2.0)).epsilon(1e-12));
    CHECK(phaseDegrees(vout) == Approx(-45.0).epsilon(1e-12));
}

TEST_CASE("The AC plot is named like ngspice's and reports every frequency once", "[ac]") {
    Circuit c;
    auto in = c.nodes().node("in");
    c.add<VoltageSource>("v1", SourceRange{}, in, kGround, acSource(1.0));
    c.add<Resistor>("r1", SourceRange{}, in, kGround, 50.0);
    c.finalize();

    const AcSpec spec{FrequencyGrid::Octave, 2, 100.0, 800.0};
    auto observer = runAcOk(c, spec);

    CHECK(observer.info_.plotName == "AC Analysis");
    CHECK(observer.info_.scaleName == "frequency");
    CHECK(observer.info_.scaleType == VectorType::Frequency);
    CHECK(observer.info_.complex);
    CHECK(observer.begins == 1);
    CHECK(observer.ends == 1);
    CHECK(observer.completed);
    const auto frequencies = frequencyPoints(spec);
    REQUIRE(observer.rows.size() == frequencies.size());
    for (std::size_t i = 0; i < frequencies.size(); ++i) CHECK(observer.rows[i].scale == frequencies[i]);
    // The source's branch current is -V/R (SPICE sign: current flows p -> source -> n).
    const auto branch = static_cast<std::size_t>(c.findDevice("v1")->branchCurrent());
    CHECK(closeRelative(observer.rows[0].x[branch], Complex(-1.0 / 50.0, 0.0)));
}

TEST_CASE("A series RLC at resonance has |V_C| = Q = sqrt(L/C)/R and -90 degrees phase", "[ac]") {
    const double r = 10.0, l = 1e-3, cap = 1e-6;
    const double q = std::sqrt(l / cap) / r;  // 3.1623
    const double f0 = 1.0 / (2 * kPi * std::sqrt(l * cap));
    Circuit c;
    auto in = c.nodes().node("in"), a = c.nodes().node("a"), b = c.nodes().node("b");
    c.add<VoltageSource>("v1", SourceRange{}, in, kGround, acSource(1.0));
    c.add<Resistor>("r1", SourceRange{}, in, a, r);
    c.add<Inductor>("l1", SourceRange{}, a, b, l);
    c.add<Capacitor>("c1", SourceRange{}, b, kGround, cap);
    c.finalize();

    auto observer = runAcOk(c, {FrequencyGrid::Linear, 1, f0, f0});

    const Complex vc = observer.rows.at(0).x[static_cast<std::size_t>(b)];
    CHECK(std::abs(vc) == Approx(q).epsilon(1e-9));
    CHECK(phaseDegrees(vc) == Approx(-90.0).epsilon(1e-9));
    // The inductor current at resonance is V/R, in phase with the source.
    const auto il = static_cast<std::size_t>(c.findDevice("l1")->branchCurrent());
    CHECK(closeRelative(observer.rows[0].x[il], Complex(1.0 / r, 0.0)));
}

namespace {

// Source v1 -> r1 -> primary L1 (p to ground); secondary L2 (s to ground) loaded by rl.
// With r1 == 0 the source drives p directly.
struct CoupledPair {
    Circuit circuit;
    Unknown p = kGround, s = kGround;
};

void buildCoupledPair(CoupledPair& pair, double r1, double l1, double l2, double k, double rl) {
    Circuit& c = pair.circuit;
    pair.p = c.nodes().node("p");
    pair.s = c.nodes().node("s");
    if (r1 > 0.0) {
        auto in = c.nodes().node("in");
        c.add<VoltageSource>("v1", SourceRange{}, in, kGround, acSource(1.0));
        c.add<Resistor>("r1", SourceRange{}, in, pair.p, r1);
    } else {
        c.add<VoltageSource>("v1", SourceRange{}, pair.p, kGround, acSource(1.0));
    }
    auto& primary = c.add<Inductor>("l1", SourceRange{}, pair.p, kGround, l1);
    auto& secondary = c.add<Inductor>("l2", SourceRange{}, pair.s, kGround, l2);
    c.add<MutualInductance>("k1", SourceRange{}, std::vector<const Inductor*>{&primary, &secondary}, k);
    c.add<Resistor>("rl", SourceRange{}, pair.s, kGround, rl);
    c.finalize();
}

// Closed form: reflected impedance (omega M)^2 / (RL + j omega L2); v_s = j omega M i1 RL / (RL + j omega L2).
Complex secondaryVoltage(double omega, double r1, double l1, double l2, double k, double rl) {
    const double m = k * std::sqrt(l1 * l2);
    const Complex j(0.0, 1.0);
    const Complex z2 = rl + j * omega * l2;
    const Complex zin = j * omega * l1 + (omega * m) * (omega * m) / z2;
    const Complex i1 = 1.0 / (r1 + zin);
    return j * omega * m * i1 * rl / z2;
}

} // namespace

TEST_CASE("Loosely coupled inductors (k = 0.5) match the reflected-impedance closed form", "[ac]") {
    const double r1 = 50.0, l1 = 10e-3, l2 = 40e-3, k = 0.5, rl = 200.0;
    CoupledPair pair;
    buildCoupledPair(pair, r1, l1, l2, k, rl);

    auto observer = runAcOk(pair.circuit, {FrequencyGrid::Decade, 4, 10.0, 1e5});

    REQUIRE(observer.rows.size() == 17);
    for (const auto& row : observer.rows) {
        const Complex expected = secondaryVoltage(2 * kPi * row.scale, r1, l1, l2, k, rl);
        CHECK(closeRelative(row.x[static_cast<std::size_t>(pair.s)], expected));
    }
}

TEST_CASE("A near-ideal transformer (k = 0.9999) steps up by n = sqrt(L2/L1) within the coupling error", "[ac]") {
    // Driven by an ideal source, v_s / v_p = k n / (1 + j omega L2 (1 - k^2) / RL): the ratio
    // falls short of n by (1 - k) = 1e-4 (the leakage term is ~1e-9 here).
    const double l1 = 1.0, l2 = 4.0, k = 0.9999, rl = 1e6;
    const double n = std::sqrt(l2 / l1);
    CoupledPair pair;
    buildCoupledPair(pair, 0.0, l1, l2, k, rl);

    auto observer = runAcOk(pair.circuit, {FrequencyGrid::Decade, 1, 100.0, 10e3});

    REQUIRE(observer.rows.size() == 3);
    for (const auto& row : observer.rows) {
        const double omega = 2 * kPi * row.scale;
        const Complex vp = row.x[static_cast<std::size_t>(pair.p)];
        CHECK(std::abs(vp - 1.0) < 1e-12);
        const Complex vs = row.x[static_cast<std::size_t>(pair.s)];
        const Complex expectedRatio = k * n / (1.0 + Complex(0.0, omega * l2 * (1 - k * k) / rl));
        CHECK(closeRelative(vs / vp, expectedRatio, 1e-8));
        const double shortfall = 1.0 - std::abs(vs / vp) / n;
        CHECK(shortfall == Approx(1.0 - k).epsilon(1e-3));
    }
}

TEST_CASE("An AC current source into R parallel C gives I R / (1 + j omega R C)", "[ac]") {
    const double r = 2e3, cap = 10e-9, amps = 1e-3, phase = 30.0;
    Circuit c;
    auto out = c.nodes().node("out");
    // Current flows from p (ground) through the source into n (out).
    c.add<CurrentSource>("i1", SourceRange{}, kGround, out, acSource(amps, phase));
    c.add<Resistor>("r1", SourceRange{}, out, kGround, r);
    c.add<Capacitor>("c1", SourceRange{}, out, kGround, cap);
    c.finalize();

    auto observer = runAcOk(c, {FrequencyGrid::Linear, 11, 0.0, 100e3});

    REQUIRE(observer.rows.size() == 11);
    const Complex current = std::polar(amps, phase * kPi / 180.0);
    for (const auto& row : observer.rows) {
        const Complex expected = current * r / Complex(1.0, 2 * kPi * row.scale * r * cap);
        CHECK(closeRelative(row.x[static_cast<std::size_t>(out)], expected));
    }
}

TEST_CASE("One AC factorisation serves the sweep and several right-hand sides", "[ac]") {
    Circuit c;
    auto in = c.nodes().node("in"), out = c.nodes().node("out");
    auto& source = c.add<VoltageSource>("v1", SourceRange{}, in, kGround, acSource(1.0));
    c.add<Resistor>("r1", SourceRange{}, in, out, 1e3);
    c.add<Capacitor>("c1", SourceRange{}, out, kGround, 1e-6);
    c.finalize();

    AcSystem system(c);
    const auto size = static_cast<std::size_t>(c.unknownCount()) + 1;
    std::vector<Complex> first(size), second(size);
    const std::vector<double> omegas{10.0, 100.0, 1000.0, 1e4};
    for (double omega : omegas) {
        REQUIRE(system.factorAt(omega).ok());
        system.loadExcitation(first);
        system.solve(first);
        source.value().acMagnitude = 2.0;  // a second excitation on the same factors
        system.loadExcitation(second);
        system.solve(second);
        source.value().acMagnitude = 1.0;
        const Complex expected = 1.0 / Complex(1.0, omega * 1e3 * 1e-6);
        CHECK(closeRelative(first[static_cast<std::size_t>(out)], expected));
        CHECK(closeRelative(second[static_cast<std::size_t>(out)], 2.0 * expected));
    }
    CHECK(system.counters().factorizations == 1);
    CHECK(system.counters().refactorizations == 3);
    CHECK(system.counters().solves == 8);
}

TEST_CASE("A singular AC matrix stops the sweep and returns KLU's error with the unknown", "[ac]") {
    Circuit c;
    auto in = c.nodes().node("in"), floating = c.nodes().node("f");
    c.add<VoltageSource>("v1", SourceRange{}, in, kGround, acSource(1.0));
    c.add<Resistor>("r1", SourceRange{}, in, kGround, 1e3);
    c.add<CurrentSource>("i1", SourceRange{}, kGround, floating, acSource(1.0));  // nothing else at f
    c.finalize();

    RecordingObserver observer;
    auto outcome = runAc(c, zeroOperatingPoint(c), {FrequencyGrid::Decade, 10, 1.0, 1e3}, observer);

    REQUIRE_FALSE(outcome.ok());
    CHECK(outcome.error().kind == SolveErrorKind::SingularMatrix);
    CHECK(outcome.error().unknown == floating);
    CHECK(observer.rows.empty());
    CHECK(observer.ends == 1);
    CHECK_FALSE(observer.completed);
}
