#include "solver/devices/vccs.hpp"

namespace cablespice::solver {

Vccs::Vccs(std::string name, SourceRange origin, Unknown p, Unknown n, Unknown cp, Unknown cn, double transconductance)
    : Device(std::move(name), origin), p_(p), n_(n), cp_(cp), cn_(cn), gm_(transconductance) {}

void Vccs::declareEntries(PatternBuilder& pattern) const { TransconductanceSlots::declare(pattern, p_, n_, cp_, cn_); }

void Vccs::bindSlots(const SparsePattern& pattern) { slots_ = TransconductanceSlots::bind(pattern, p_, n_, cp_, cn_); }

void Vccs::loadConstant(ConstantLoad& load) const { slots_.stamp(load.g, gm_); }

// gm on (p,cp), (n,cn); -gm on (p,cn), (n,cp).
double Vccs::dcSensitivity(std::span<const double> x, std::span<const double> y) const {
    return -across(y, p_, n_) * across(x, cp_, cn_);
}

std::complex<double> Vccs::acSensitivity(double, std::span<const std::complex<double>> x,
                                         std::span<const std::complex<double>> y) const {
    return -across(y, p_, n_) * across(x, cp_, cn_);
}

} // namespace cablespice::solver
