#include "solver/analysis/ac_analysis.hpp"

#include "solver/analysis/frequency_grid.hpp"
#include "solver/analysis/frequency_sweep.hpp"
#include "solver/analysis/kept_factorizations.hpp"
#include "solver/analysis/plot_names.hpp"

#include <algorithm>
#include <cassert>
#include <numbers>
#include <optional>

namespace cablespice::solver {

AcSystem::AcSystem(const Circuit& circuit) : AcSystem(circuit, circuit.gConstant(), circuit.cConstant()) {}

AcSystem::AcSystem(const Circuit& circuit, const MatrixValues& gOperatingPoint, const MatrixValues& cOperatingPoint,
                   std::span<const double> xOperatingPoint, KeptFactorizations* kept)
    : circuit_(circuit),
      g_(gOperatingPoint),
      c_(cOperatingPoint),
      xOperatingPoint_(xOperatingPoint),
      values_(circuit.pattern().nnz()),
      reference_(circuit.symbolic(), acSettings(circuit.symbolic().settings())),
      own_(circuit.symbolic(), ownFactorizationSettings(circuit.symbolic().settings())),
      kept_(&gOperatingPoint == &circuit.gConstant() && &cOperatingPoint == &circuit.cConstant() ? kept : nullptr) {
    assert(circuit.finalized() && "AcSystem needs a finalized circuit");
    assert(g_.nnz() == values_.nnz() && c_.nnz() == values_.nnz() && "G/C arrays of another pattern");
    assert((xOperatingPoint_.empty() || xOperatingPoint_.size() == static_cast<std::size_t>(circuit.unknownCount()) + 1) &&
           "the operating point has n + 1 entries");
}

KluSettings acSettings(const KluSettings& circuitSettings) {
    KluSettings settings = circuitSettings;
    settings.fastPivotTolerance = 1e-12;
    settings.refinementSteps = 1;
    // Below ~1 Hz the static pivots' growth on a cable harness reaches 3e-12 (1e4 unknowns,
    // 0.1 Hz); one refinement step still gives a backward error of 2e-17 there and outputs within
    // 6e-9 of partial pivoting's (bench/README.md). The backward-error check after refinement is
    // what decides; the growth bound only keeps out factors too poor for refinement to converge.
    settings.minReciprocalGrowth = 1e-14;
    settings.checkEachSolve = true;  // AcSystem::solve() falls back when a solve is not accurate
    // A refactorization is certified by the backward error of each of its (refined) solves, the
    // check that decides anyway; its pivot growth (klu_rgrowth, a pass over A and U costing 13 %
    // of a 1e4-unknown sweep) is left out, as the transient's refactorizations leave it out. The
    // first factorization still checks growth, condition and a test solve.
    settings.checkRefactorGrowth = false;
    // The reference frequency starts from the analysis's static pivots (no pivot search).
    settings.staticPivots = true;
    return settings;
}

// A frequency whose refactorization failed the checks: the static pivots are the reference's (or
// were rejected at the reference frequency), so its own factorization starts with KLU's search.
KluSettings ownFactorizationSettings(const KluSettings& circuitSettings) {
    KluSettings settings = acSettings(circuitSettings);
    settings.staticPivots = false;
    return settings;
}

void AcSystem::fillValues(double omega) {
    const auto g = g_.all();
    const auto c = c_.all();
    auto ac = values_.all();
    for (std::size_t k = 0; k < ac.size(); ++k) ac[k] = {g[k], omega * c[k]};
    for (const auto* device : circuit_.frequencyDependent()) device->loadFrequency(omega, values_);
    if (xOperatingPoint_.empty()) return;
    for (const auto* device : circuit_.smallSignalFrequency())
        device->loadSmallSignalFrequency(xOperatingPoint_, omega, values_);
}

// The kept pivot order (a run's earlier points chose it on the reference circuit) refactored
// with this circuit's values, when that passes the growth and condition checks; each solve on
// it is then checked like any refactorization's (checkEachSolve).
bool AcSystem::refactorKept(double referenceOmega) {
    KluComplexNumeric* kept = kept_ ? kept_->acPivots(circuit_, referenceOmega) : nullptr;
    if (!kept) return false;
    keptAtStart_ = kept->counters();
    if (!kept->refactorIfAccurate(values_.matrix())) return false;
    pivots_ = kept;
    return true;
}

void AcSystem::startPreparing(double referenceOmega) {
    refactorPending_ = false;
    fillValues(referenceOmega);
    referenceOmega_ = referenceOmega;
}

Outcome<Done> AcSystem::referenceFactored(Outcome<Done> factored) {
    referenceHoldsItsOwnValues_ = factored.ok();
    current_ = factored ? &reference_ : nullptr;
    return factored;
}

Outcome<Done> AcSystem::prepare(double referenceOmega) {
    startPreparing(referenceOmega);
    if (refactorKept(referenceOmega)) {
        referenceHoldsItsOwnValues_ = true;
        current_ = pivots_;
        return Done{};
    }
    pivots_ = &reference_;
    return referenceFactored(reference_.factorFresh(values_.matrix()));
}

Outcome<Done> AcSystem::prepareUnchecked(double referenceOmega, const AcSystem* copyOf) {
    startPreparing(referenceOmega);
    pivots_ = &reference_;
    auto factored = copyOf ? reference_.copyFreshUnchecked(copyOf->reference_, values_.matrix())
                           : reference_.factorFreshUnchecked(values_.matrix());
    if (!factored) return referenceFactored(std::move(factored));
    return factored;
}

Outcome<Done> AcSystem::settlePrepared(const FreshFactorChecks& checks) {
    return referenceFactored(reference_.settleFresh(checks));
}

Outcome<Done> AcSystem::factorAt(double omegaRadiansPerSecond) {
    if (!pivots_->factored()) return prepare(omegaRadiansPerSecond);
    if (omegaRadiansPerSecond == referenceOmega_ && referenceHoldsItsOwnValues_) {
        refactorPending_ = false;
        current_ = pivots_;
        return Done{};
    }
    fillValues(omegaRadiansPerSecond);
    referenceHoldsItsOwnValues_ = false;
    // The refactorization waits for the first solve, which it then does in the same pass.
    refactorPending_ = true;
    current_ = pivots_;
    return Done{};
}

// The pending refactorization on its own (a transposed solve first), or its fallback.
Outcome<Done> AcSystem::refactorPending() {
    refactorPending_ = false;
    if (pivots_->refactorIfAccurate(values_.matrix())) return Done{};
    return factorOwn();
}

Outcome<Done> AcSystem::factorOwn() {
    auto factored = own_.factorFresh(values_.matrix());
    current_ = factored ? &own_ : nullptr;
    return factored;
}

KluCounters AcSystem::counters() const {
    KluCounters sum = reference_.counters();
    sum += own_.counters();
    if (pivots_ == &reference_) return sum;
    // Only what this system did with the kept numeric.
    const KluCounters& kept = pivots_->counters();
    sum.refactorizations += kept.refactorizations - keptAtStart_.refactorizations;
    sum.rejectedRefactorizations += kept.rejectedRefactorizations - keptAtStart_.rejectedRefactorizations;
    sum.solves += kept.solves - keptAtStart_.solves;
    return sum;
}

void loadAcExcitation(const Circuit& circuit, std::span<std::complex<double>> b) {
    assert(b.size() == static_cast<std::size_t>(circuit.unknownCount()) + 1 && "b must have n + 1 entries");
    std::fill(b.begin(), b.end(), std::complex<double>{});
    for (const auto* source : circuit.excitations()) source->loadAc(b);
    b[0] = {};  // ground bucket
}

void AcSystem::loadExcitation(std::span<std::complex<double>> b) const { loadAcExcitation(circuit_, b); }

Outcome<Done> AcSystem::solve(std::span<std::complex<double>> rhs) { return solveWith(&KluComplexNumeric::solve, rhs); }

Outcome<Done> AcSystem::solve(std::span<std::complex<double>> rhs, std::span<std::complex<double>> second) {
    return solveWith(&KluComplexNumeric::solve, rhs, second);
}

Outcome<Done> AcSystem::solveTransposed(std::span<std::complex<double>> rhs) {
    return solveWith(&KluComplexNumeric::solveTransposed, rhs);
}

Outcome<Done> AcSystem::solveWith(NumericSolve numericSolve, std::span<std::complex<double>> rhs,
                                  std::span<std::complex<double>> second) {
    assert(rhs.size() == static_cast<std::size_t>(unknownCount()) + 1 && "rhs must have n + 1 entries");
    assert((second.empty() || second.size() == rhs.size()) && "second must have n + 1 entries");
    assert(current_ && "solve() needs a successful factorAt()");
    rhs[0] = {};
    if (!second.empty()) second[0] = {};
    const auto solveBoth = [&](KluComplexNumeric& numeric) {
        (numeric.*numericSolve)(rhs.subspan(1));
        if (!second.empty()) (numeric.*numericSolve)(second.subspan(1));
    };
    const bool fused = refactorPending_ && numericSolve == &KluComplexNumeric::solve;
    if (refactorPending_ && !fused) {
        if (auto factored = refactorPending(); !factored) return factored;
    }
    if (current_ != pivots_) {
        solveBoth(*current_);
        return Done{};
    }
    // The kept pivot order's refactorization is certified by its own solves (KluSettings::
    // checkEachSolve): one that misses the backward error (or a refactorization that fails its
    // checks) sends this frequency to a factorization of its own, and the right-hand sides are
    // solved again.
    rhsCopy_.assign(rhs.begin(), rhs.end());
    secondCopy_.assign(second.begin(), second.end());
    bool solved = true;
    if (fused) {
        refactorPending_ = false;
        solved = pivots_->refactorSolvingIfAccurate(values_.matrix(), rhs.subspan(1),
                                                    second.empty() ? second : second.subspan(1));
    } else {
        solveBoth(*pivots_);
    }
    if (solved && pivots_->lastSolvesAccurate()) return Done{};
    if (auto factored = factorOwn(); !factored) return factored;
    std::copy(rhsCopy_.begin(), rhsCopy_.end(), rhs.begin());
    std::copy(secondCopy_.begin(), secondCopy_.end(), second.begin());
    solveBoth(own_);
    return Done{};
}

namespace {

AnalysisInfo acInfo(std::size_t points) {
    AnalysisInfo info{std::string(plot_names::kAc), "frequency", VectorType::Frequency, true, {}};
    info.expectedPoints = points;
    return info;
}

} // namespace

Outcome<FrequencySweepStats> runAc(const Circuit& circuit, std::span<const double> xOperatingPoint,
                                   const AcSpec& spec, SolutionObserver& observer, int threads,
                                   const LinearisedCircuit* linearised, KeptFactorizations* kept) {
    assert((circuit.isLinear() || xOperatingPoint.size() == static_cast<std::size_t>(circuit.unknownCount()) + 1) &&
           "a nonlinear circuit's x_op has n + 1 entries");
    std::optional<LinearisedCircuit> own;
    if (!circuit.isLinear() && !linearised) linearised = &own.emplace(lineariseAt(circuit, xOperatingPoint, Tolerances{}.gmin));
    if (circuit.isLinear()) linearised = nullptr;

    const std::vector<double> frequencies = frequencyPoints(spec);
    const auto size = static_cast<std::size_t>(circuit.unknownCount()) + 1;
    std::vector<std::complex<double>> b(size);
    loadAcExcitation(circuit, b);  // the AC phasors do not depend on frequency

    observer.begin(acInfo(frequencies.size()));
    FrequencySweep sweep(circuit, frequencies, size, threads, 0, linearised, kept);
    auto stats = sweep.run(
        [&b](AcSystem& system, double, std::span<std::complex<double>> x, std::span<std::complex<double>>) {
            std::copy(b.begin(), b.end(), x.begin());
            return system.solve(x);
        },
        [&observer](double frequency, std::span<const std::complex<double>> x) { observer.complexPoint(frequency, x); });
    observer.end(stats.ok());
    return stats;
}

} // namespace cablespice::solver
