// Kept pivot orders for a run's points (KeptFactorizations): a point refactored on the pivots
// chosen on a reference circuit must give the numbers a fresh factorization of that point gives.
// Reference: the same point solved with runAc / solveDcOperatingPoint without kept pivots (full
// factorizations, as every point was solved before). Tolerance 1e-12 relative to the largest
// unknown: both are backward stable solves of the same well-conditioned systems (condition
// ~1e4 here), so they differ by rounding only (~1e-15).
#include "solver/analysis/kept_factorizations.hpp"

#include "solver/analysis/ac_analysis.hpp"
#include "solver/analysis/operating_point.hpp"
#include "solver/devices/capacitor.hpp"
#include "solver/devices/inductor.hpp"
#include "solver/devices/mutual_inductance.hpp"
#include "solver/devices/resistor.hpp"
#include "solver/devices/voltage_source.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <complex>
#include <random>
#include <vector>

using namespace cablespice::solver;
using cablespice::SourceRange;
using Complex = std::complex<double>;

namespace {

struct Rows final : SolutionObserver {
    void begin(const AnalysisInfo&) override {}
    void realPoint(double, std::span<const double>) override {}
    void complexPoint(double, std::span<const Complex> x) override { rows.emplace_back(x.begin(), x.end()); }
    void end(bool) override {}
    std::vector<std::vector<Complex>> rows;
};

// A driven two-section coupled pair with a resistive load: every element value scaled by its
// own factor from `scales` (all 1: the nominal reference).
std::unique_ptr<Circuit> coupledLadder(const std::vector<double>& scales, const Circuit* sameTopologyAs) {
    auto c = std::make_unique<Circuit>();
    std::size_t k = 0;
    auto scaled = [&](double value) { return value * scales.at(k++); };
    SourceValue drive;
    drive.dc = 1.0;
    drive.acMagnitude = 1.0;
    auto in = c->nodes().node("in");
    c->add<VoltageSource>("v1", SourceRange{}, in, kGround, drive);
    auto previousP = in, previousN = kGround;
    for (int section = 1; section <= 2; ++section) {
        const std::string s = std::to_string(section);
        auto p = c->nodes().node("p" + s), n = c->nodes().node("n" + s);
        auto pm = c->nodes().node("pm" + s), nm = c->nodes().node("nm" + s);
        c->add<Resistor>("rp" + s, SourceRange{}, previousP, pm, scaled(0.5));
        c->add<Resistor>("rn" + s, SourceRange{}, previousN, nm, scaled(0.5));
        auto& lp = c->add<Inductor>("lp" + s, SourceRange{}, pm, p, scaled(7e-6));
        auto& ln = c->add<Inductor>("ln" + s, SourceRange{}, nm, n, scaled(7e-6));
        c->add<MutualInductance>("k" + s, SourceRange{}, std::vector<const Inductor*>{&lp, &ln}, 0.57);
        c->add<Capacitor>("c" + s, SourceRange{}, p, n, scaled(100e-12));
        c->add<Resistor>("rg" + s, SourceRange{}, n, kGround, scaled(1e3));
        previousP = p;
        previousN = n;
    }
    c->add<Resistor>("rload", SourceRange{}, previousP, previousN, scaled(10e3));
    c->finalize({}, sameTopologyAs);
    return c;
}

constexpr std::size_t kValues = 2 * 6 + 1;

std::vector<double> nominal() { return std::vector<double>(kValues, 1.0); }

std::vector<double> drawScales(std::mt19937_64& stream, double spread) {
    std::uniform_real_distribution<double> factor(1.0 - spread, 1.0 + spread);
    std::vector<double> scales(kValues);
    for (auto& s : scales) s = factor(stream);
    return scales;
}

Rows acRows(const Circuit& c, KeptFactorizations* kept, FrequencySweepStats* stats = nullptr) {
    Rows rows;
    const AcSpec spec{FrequencyGrid::Decade, 2, 10.0, 1e6};
    std::vector<double> x(static_cast<std::size_t>(c.unknownCount()) + 1, 0.0);
    auto outcome = runAc(c, x, spec, rows, 1, nullptr, kept);
    REQUIRE(outcome.ok());
    if (stats) *stats = outcome.value();
    return rows;
}

template <class T>
bool sameToRelative(const std::vector<T>& a, const std::vector<T>& b, double tolerance) {
    if (a.size() != b.size()) return false;
    double largest = 0.0, difference = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        largest = std::max({largest, std::abs(a[i]), std::abs(b[i])});
        difference = std::max(difference, std::abs(a[i] - b[i]));
    }
    return difference <= tolerance * largest;
}

} // namespace

TEST_CASE("AC points refactored on kept pivots match a fresh factorization to 1e-12", "[ac][kept]") {
    auto reference = coupledLadder(nominal(), nullptr);
    KeptFactorizations kept(*reference);
    std::mt19937_64 stream(20);
    for (int point = 0; point < 20; ++point) {
        auto circuit = coupledLadder(drawScales(stream, 0.3), reference.get());
        REQUIRE(&circuit->symbolic() == &reference->symbolic());
        FrequencySweepStats keptStats, freshStats;
        auto onKept = acRows(*circuit, &kept, &keptStats);
        auto fresh = acRows(*circuit, nullptr, &freshStats);
        INFO("point " << point);
        REQUIRE(onKept.rows.size() == fresh.rows.size());
        for (std::size_t f = 0; f < fresh.rows.size(); ++f) CHECK(sameToRelative(onKept.rows[f], fresh.rows[f], 1e-12));
        // The kept run factored nothing itself: every frequency was a refactorization.
        CHECK(keptStats.counters.factorizations == 0);
        CHECK(keptStats.counters.refactorizations == static_cast<int>(fresh.rows.size()));
        CHECK(freshStats.counters.factorizations >= 1);
    }
}

TEST_CASE("Operating points on kept pivots match a fresh factorization to 1e-12", "[op][kept]") {
    auto reference = coupledLadder(nominal(), nullptr);
    KeptFactorizations kept(*reference);
    std::mt19937_64 stream(21);
    for (int point = 0; point < 20; ++point) {
        auto circuit = coupledLadder(drawScales(stream, 0.3), reference.get());
        auto onKept = kept.linearOperatingPoint(*circuit);
        REQUIRE(onKept);
        auto fresh = solveDcOperatingPoint(*circuit, DcSettings{});
        REQUIRE(fresh.ok());
        CHECK(sameToRelative(*onKept, fresh.value().x, 1e-12));
    }
}

TEST_CASE("A point's numbers on kept pivots do not depend on the points before it", "[ac][kept]") {
    // Two workers of a run see the points in different orders; each point must come out
    // bit for bit the same (the -j1 / -j2 guarantee of a seeded Monte Carlo run).
    auto reference = coupledLadder(nominal(), nullptr);
    std::mt19937_64 stream(22);
    auto a = coupledLadder(drawScales(stream, 0.5), reference.get());
    auto b = coupledLadder(drawScales(stream, 0.5), reference.get());
    KeptFactorizations first(*reference), second(*reference);
    auto aFirst = acRows(*a, &first);
    auto bSecond = acRows(*b, &first);
    auto bFirst = acRows(*b, &second);
    auto aSecond = acRows(*a, &second);
    CHECK(aFirst.rows == aSecond.rows);
    CHECK(bFirst.rows == bSecond.rows);
    CHECK(*first.linearOperatingPoint(*a) == *second.linearOperatingPoint(*a));
}

TEST_CASE("Kept pivots serve only circuits of the reference's pattern", "[ac][kept]") {
    auto reference = coupledLadder(nominal(), nullptr);
    KeptFactorizations kept(*reference);
    auto other = coupledLadder(nominal(), nullptr);  // the same topology, but its own symbolic analysis
    CHECK_FALSE(kept.linearOperatingPoint(*other));
    CHECK(kept.acPivots(*other, 1e3) == nullptr);
    FrequencySweepStats stats;
    acRows(*other, &kept, &stats);
    CHECK(stats.counters.factorizations >= 1);
}
