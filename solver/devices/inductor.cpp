#include "solver/devices/inductor.hpp"

namespace cablespice::solver {

Inductor::Inductor(std::string name, SourceRange origin, Unknown a, Unknown b, double inductanceHenries,
                   std::optional<double> initialCurrent)
    : Device(std::move(name), origin), a_(a), b_(b), inductance_(inductanceHenries), initialCurrent_(initialCurrent) {}

void Inductor::allocateUnknowns(NodeTable& nodes) { branch_ = nodes.addBranch(name()); }

void Inductor::declareEntries(PatternBuilder& pattern) const {
    BranchSlots::declare(pattern, a_, b_, branch_);
    pattern.add(branch_, branch_, EntryKind::Reactive);
}

void Inductor::bindSlots(const SparsePattern& pattern) {
    incidence_ = BranchSlots::bind(pattern, a_, b_, branch_);
    self_ = pattern.slot(branch_, branch_);
}

void Inductor::loadConstant(ConstantLoad& load) const {
    incidence_.stamp(load.g);
    load.c.add(self_, -inductance_);
}

// The IC is the branch current.
void Inductor::seedInitialCondition(std::span<double> x, const std::function<bool(Unknown)>& /*setByIc*/) const {
    if (initialCurrent_) x[static_cast<std::size_t>(branch_)] = *initialCurrent_;
}

// A[branch][branch] = -jwL: dA/dL = -jw there.
std::complex<double> Inductor::acSensitivity(double omega, std::span<const std::complex<double>> x,
                                             std::span<const std::complex<double>> y) const {
    const auto k = static_cast<std::size_t>(branch_);
    return std::complex<double>(0.0, omega) * y[k] * x[k];
}

} // namespace cablespice::solver
