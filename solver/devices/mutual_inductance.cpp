#include "solver/devices/mutual_inductance.hpp"

#include <cmath>

namespace cablespice::solver {

MutualInductance::MutualInductance(std::string name, SourceRange origin, std::vector<const Inductor*> inductors,
                                   double coupling)
    : Device(std::move(name), origin), inductors_(std::move(inductors)), coupling_(coupling) {}

void MutualInductance::declareEntries(PatternBuilder& pattern) const {
    for (std::size_t i = 0; i < inductors_.size(); ++i)
        for (std::size_t j = i + 1; j < inductors_.size(); ++j) {
            pattern.add(inductors_[i]->branchCurrent(), inductors_[j]->branchCurrent(), EntryKind::Reactive);
            pattern.add(inductors_[j]->branchCurrent(), inductors_[i]->branchCurrent(), EntryKind::Reactive);
        }
}

void MutualInductance::bindSlots(const SparsePattern& pattern) {
    pairs_.clear();
    for (std::size_t i = 0; i < inductors_.size(); ++i)
        for (std::size_t j = i + 1; j < inductors_.size(); ++j) {
            Unknown bi = inductors_[i]->branchCurrent();
            Unknown bj = inductors_[j]->branchCurrent();
            pairs_.push_back({i, j, pattern.slot(bi, bj), pattern.slot(bj, bi)});
        }
}

void MutualInductance::loadConstant(ConstantLoad& load) const {
    for (const auto& pair : pairs_) {
        double m = coupling_ * std::sqrt(inductors_[pair.first]->inductance() * inductors_[pair.second]->inductance());
        load.c.add(pair.forward, -m);
        load.c.add(pair.backward, -m);
    }
}

} // namespace cablespice::solver
