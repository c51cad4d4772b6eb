#include "solver/devices/cccs.hpp"

namespace cablespice::solver {

Cccs::Cccs(std::string name, SourceRange origin, Unknown p, Unknown n, const Device* controller, double gain)
    : Device(std::move(name), origin), p_(p), n_(n), controller_(controller), gain_(gain) {}

void Cccs::declareEntries(PatternBuilder& pattern) const {
    pattern.add(p_, controller_->branchCurrent(), EntryKind::Resistive);
    pattern.add(n_, controller_->branchCurrent(), EntryKind::Resistive);
}

void Cccs::bindSlots(const SparsePattern& pattern) {
    positive_ = pattern.slot(p_, controller_->branchCurrent());
    negative_ = pattern.slot(n_, controller_->branchCurrent());
}

void Cccs::loadConstant(ConstantLoad& load) const {
    load.g.add(positive_, gain_);
    load.g.add(negative_, -gain_);
}

// A[p][control] = +gain, A[n][control] = -gain.
double Cccs::dcSensitivity(std::span<const double> x, std::span<const double> y) const {
    return -across(y, p_, n_) * x[controller_->branchCurrent()];
}

std::complex<double> Cccs::acSensitivity(double, std::span<const std::complex<double>> x,
                                         std::span<const std::complex<double>> y) const {
    return -across(y, p_, n_) * x[static_cast<std::size_t>(controller_->branchCurrent())];
}

} // namespace cablespice::solver
