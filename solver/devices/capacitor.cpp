#include "solver/devices/capacitor.hpp"

namespace cablespice::solver {

Capacitor::Capacitor(std::string name, SourceRange origin, Unknown a, Unknown b, double capacitanceFarads,
                     std::optional<double> initialVoltage)
    : Device(std::move(name), origin), a_(a), b_(b), capacitance_(capacitanceFarads), initialVoltage_(initialVoltage) {}

void Capacitor::declareEntries(PatternBuilder& pattern) const {
    ConductanceSlots::declare(pattern, a_, b_, EntryKind::Reactive);
}

void Capacitor::bindSlots(const SparsePattern& pattern) { slots_ = ConductanceSlots::bind(pattern, a_, b_); }

void Capacitor::loadConstant(ConstantLoad& load) const { slots_.stamp(load.c, capacitance_); }

// With the other terminal grounded, the IC is the node's voltage (so the t = 0 output shows it),
// unless .ic names the node.
void Capacitor::seedInitialCondition(std::span<double> x, const std::function<bool(Unknown)>& setByIc) const {
    if (!initialVoltage_) return;
    if (b_ == kGround && a_ != kGround && !setByIc(a_)) x[static_cast<std::size_t>(a_)] = *initialVoltage_;
    if (a_ == kGround && b_ != kGround && !setByIc(b_)) x[static_cast<std::size_t>(b_)] = -*initialVoltage_;
}

// The capacitor's own charge is C*IC whatever the node voltages say (SPICE UIC semantics).
void Capacitor::correctInitialCharge(std::span<const double> x, std::span<double> q) const {
    if (!initialVoltage_) return;
    const auto a = static_cast<std::size_t>(a_), b = static_cast<std::size_t>(b_);
    const double delta = capacitance_ * (*initialVoltage_ - (x[a] - x[b]));
    q[a] += delta;
    q[b] -= delta;
    q[0] = 0.0;
}

// A = ... + jwC stamp: dA/dC = jw stamp.
std::complex<double> Capacitor::acSensitivity(double omega, std::span<const std::complex<double>> x,
                                              std::span<const std::complex<double>> y) const {
    return -std::complex<double>(0.0, omega) * across(y, a_, b_) * across(x, a_, b_);
}

} // namespace cablespice::solver
