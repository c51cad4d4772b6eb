#pragma once
#include "solver/analysis/ac_analysis.hpp"
#include "solver/circuit/circuit.hpp"
#include "solver/mna/klu_factorization.hpp"

#include <memory>
#include <optional>
#include <vector>

namespace cablespice::solver {

// Numeric factorizations kept from one point of a run to the next (ARCHITECTURE B10, rule 11:
// factor once per matrix family, then refactor): one set per worker thread of a .step or Monte
// Carlo run, whose points are circuits sharing the reference circuit's pattern and symbolic
// analyses. Each pivot order is chosen once, on the reference circuit's values (the run's
// nominal deck), so every worker refactors with the same order and a point's numbers depend
// only on that order and its own values: identical for any -j. A refactorization that fails
// KLU's accuracy checks (growth, condition, backward error) is not used; the caller then
// factors the point afresh, leaving the kept order as it was.
class KeptFactorizations {
public:
    explicit KeptFactorizations(const Circuit& reference) : reference_(reference) {}
    KeptFactorizations(const KeptFactorizations&) = delete;
    KeptFactorizations& operator=(const KeptFactorizations&) = delete;

    // The linear operating point of `circuit` (x, size n + 1) on the kept DC pivots; nothing
    // when the circuit is not linear, does not share the reference's pattern, or the refactored
    // G fails the checks.
    std::optional<std::vector<double>> linearOperatingPoint(const Circuit& circuit);
    // The AC numeric holding the pivot order chosen at omega on the reference's G + jwC, for a
    // linear circuit of the reference's pattern; null otherwise (or when the reference is singular).
    KluComplexNumeric* acPivots(const Circuit& circuit, double omega);

private:
    bool fits(const Circuit& circuit) const;

    struct AcReference {
        double omega;
        std::unique_ptr<AcSystem> system;  // prepared at omega on the reference circuit
        bool ok;
    };
    const Circuit& reference_;
    std::unique_ptr<KluRealNumeric> dc_;
    bool dcOk_ = false;
    std::vector<AcReference> ac_;  // one per reference frequency met (usually one)
};

} // namespace cablespice::solver
