#include "solver/devices/switch.hpp"

#include <cassert>

namespace cablespice::solver {

Switch::Switch(std::string name, SourceRange origin, Unknown plus, Unknown minus, Unknown controlPlus,
               Unknown controlMinus, SwitchModel model, bool startsOn)
    : Device(std::move(name), origin), plus_(plus), minus_(minus), controlPlus_(controlPlus),
      controlMinus_(controlMinus), model_(model), startsOn_(startsOn), on_(startsOn), acceptedOn_(startsOn) {}

Switch::Switch(std::string name, SourceRange origin, Unknown plus, Unknown minus, SwitchModel model, bool startsOn)
    : Switch(std::move(name), origin, plus, minus, kGround, kGround, model, startsOn) {}

void Switch::declareEntries(PatternBuilder& pattern) const {
    ConductanceSlots::declare(pattern, plus_, minus_, EntryKind::Resistive);
}

// A W switch reads its controller's branch current, which exists once unknowns are allocated.
void Switch::bindSlots(const SparsePattern& pattern) {
    slots_ = ConductanceSlots::bind(pattern, plus_, minus_);
    if (controller_) {
        controlPlus_ = controller_->branchCurrent();
        controlMinus_ = kGround;
        assert(controlPlus_ != kGround && "a W switch's controller owns a branch current");
    }
}

double Switch::control(std::span<const double> x) const {
    return x[static_cast<std::size_t>(controlPlus_)] - x[static_cast<std::size_t>(controlMinus_)];
}

// ngspice's states: the starting state (OFF unless ON was given) on the junction-initialising
// iterate; otherwise from the control, the band keeping the accepted state (first iterate) or
// the previous iterate's, a change counted as "not converged yet".
void Switch::loadNonlinear(NonlinearLoad& load) {
    if (load.initialJunction) {
        on_ = startsOn_;
    } else {
        const bool before = load.firstIteration ? acceptedOn_ : on_;
        const bool next = nextSwitchState(model_, control(load.x), before);
        if (!load.firstIteration && next != on_) ++load.limited;
        on_ = next;
    }
    const double g = on_ ? 1.0 / model_.onResistance : 1.0 / model_.offResistance;
    slots_.stamp(load.g, g);
    const auto p = static_cast<std::size_t>(plus_), n = static_cast<std::size_t>(minus_);
    const double current = g * (load.x[p] - load.x[n]);
    load.f[p] += current;
    load.f[n] -= current;
    load.f[0] = 0.0;
}

void Switch::acceptSolution(std::span<const double> x, double /*timeStep*/) {
    acceptedOn_ = on_;
    previousAcceptedControl_ = acceptedControl_;
    acceptedControl_ = control(x);
}

double Switch::stepLimit(double lastStep) const {
    return switchStepLimit(model_, acceptedOn_, acceptedControl_, acceptedControl_ - previousAcceptedControl_, lastStep);
}

} // namespace cablespice::solver
