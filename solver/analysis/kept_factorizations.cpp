#include "solver/analysis/kept_factorizations.hpp"

#include "solver/analysis/dc_system.hpp"

#include <algorithm>

namespace cablespice::solver {

bool KeptFactorizations::fits(const Circuit& circuit) const {
    return circuit.finalized() && reference_.finalized() && circuit.isLinear() && reference_.isLinear() &&
           circuit.sharesSymbolicAnalyses(reference_);
}

std::optional<std::vector<double>> KeptFactorizations::linearOperatingPoint(const Circuit& circuit) {
    if (!fits(circuit) || circuit.unknownCount() == 0) return std::nullopt;
    if (!dc_) {
        // The DC family's refactorization checks, as KluNumeric::factor makes them: growth and
        // condition (its partial pivots need no test solve; only fast pivots get one).
        KluSettings settings = reference_.dcSymbolic().settings();
        settings.checkEachSolve = settings.fastPivotTolerance <= 0.0;
        dc_ = std::make_unique<KluRealNumeric>(reference_.dcSymbolic(), settings);
        dcOk_ = dc_->factor(reference_.gConstant().matrix()).ok();
    }
    if (!dcOk_ || !dc_->refactorIfAccurate(circuit.gConstant().matrix())) return std::nullopt;
    std::vector<double> x;
    loadDcExcitation(circuit, x);
    dc_->solve(std::span<double>(x).subspan(1));
    return x;
}

KluComplexNumeric* KeptFactorizations::acPivots(const Circuit& circuit, double omega) {
    if (!fits(circuit)) return nullptr;
    auto it = std::find_if(ac_.begin(), ac_.end(), [&](const AcReference& entry) { return entry.omega == omega; });
    if (it == ac_.end()) {
        auto system = std::make_unique<AcSystem>(reference_);
        const bool ok = system->prepare(omega).ok();
        it = ac_.insert(ac_.end(), AcReference{omega, std::move(system), ok});
    }
    return it->ok ? &it->system->referenceNumeric() : nullptr;
}

} // namespace cablespice::solver
