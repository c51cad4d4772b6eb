#include "solver/devices/vcvs.hpp"

namespace cablespice::solver {

Vcvs::Vcvs(std::string name, SourceRange origin, Unknown p, Unknown n, Unknown cp, Unknown cn, double gain)
    : Device(std::move(name), origin), p_(p), n_(n), cp_(cp), cn_(cn), gain_(gain) {}

void Vcvs::allocateUnknowns(NodeTable& nodes) { branch_ = nodes.addBranch(name()); }

void Vcvs::declareEntries(PatternBuilder& pattern) const {
    BranchSlots::declare(pattern, p_, n_, branch_);
    pattern.add(branch_, cp_, EntryKind::Resistive);
    pattern.add(branch_, cn_, EntryKind::Resistive);
}

void Vcvs::bindSlots(const SparsePattern& pattern) {
    output_ = BranchSlots::bind(pattern, p_, n_, branch_);
    controlPositive_ = pattern.slot(branch_, cp_);
    controlNegative_ = pattern.slot(branch_, cn_);
}

void Vcvs::loadConstant(ConstantLoad& load) const {
    output_.stamp(load.g);
    load.g.add(controlPositive_, -gain_);
    load.g.add(controlNegative_, gain_);
}

// A[branch][cp] = -gain, A[branch][cn] = +gain.
double Vcvs::dcSensitivity(std::span<const double> x, std::span<const double> y) const {
    return y[branch_] * across(x, cp_, cn_);
}

std::complex<double> Vcvs::acSensitivity(double, std::span<const std::complex<double>> x,
                                         std::span<const std::complex<double>> y) const {
    return y[static_cast<std::size_t>(branch_)] * across(x, cp_, cn_);
}

} // namespace cablespice::solver
