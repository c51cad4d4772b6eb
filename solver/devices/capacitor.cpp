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

} // namespace cablespice::solver
