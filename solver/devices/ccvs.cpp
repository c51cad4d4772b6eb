#include "solver/devices/ccvs.hpp"

namespace cablespice::solver {

Ccvs::Ccvs(std::string name, SourceRange origin, Unknown p, Unknown n, const Device* controller, double transresistance)
    : Device(std::move(name), origin), p_(p), n_(n), controller_(controller), r_(transresistance) {}

void Ccvs::allocateUnknowns(NodeTable& nodes) { branch_ = nodes.addBranch(name()); }

void Ccvs::declareEntries(PatternBuilder& pattern) const {
    BranchSlots::declare(pattern, p_, n_, branch_);
    pattern.add(branch_, controller_->branchCurrent(), EntryKind::Resistive);
}

void Ccvs::bindSlots(const SparsePattern& pattern) {
    output_ = BranchSlots::bind(pattern, p_, n_, branch_);
    control_ = pattern.slot(branch_, controller_->branchCurrent());
}

void Ccvs::loadConstant(ConstantLoad& load) const {
    output_.stamp(load.g);
    load.g.add(control_, -r_);
}

// A[branch][control] = -r.
double Ccvs::dcSensitivity(std::span<const double> x, std::span<const double> y) const {
    return y[branch_] * x[controller_->branchCurrent()];
}

std::complex<double> Ccvs::acSensitivity(double, std::span<const std::complex<double>> x,
                                         std::span<const std::complex<double>> y) const {
    return y[static_cast<std::size_t>(branch_)] * x[static_cast<std::size_t>(controller_->branchCurrent())];
}

} // namespace cablespice::solver
