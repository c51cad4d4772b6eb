#include "solver/devices/switch_hysteresis.hpp"

#include <limits>

namespace cablespice::solver {

bool nextSwitchState(const SwitchModel& model, double control, bool wasOn) {
    if (control > model.threshold + model.hysteresis) return true;
    if (control < model.threshold - model.hysteresis) return false;
    return wasOn;
}

double switchStepLimit(const SwitchModel& model, bool on, double control, double lastChange, double lastStep) {
    constexpr double kUnlimited = std::numeric_limits<double>::infinity();
    if (!(lastStep > 0.0)) return kUnlimited;
    if (!on) {
        const double turnOn = model.threshold + model.hysteresis;
        if (control >= turnOn || lastChange <= 0.0) return kUnlimited;
        return ((turnOn - control) * 0.75 + model.approachMargin) / lastChange * lastStep;
    }
    const double turnOff = model.threshold - model.hysteresis;
    if (control <= turnOff || lastChange >= 0.0) return kUnlimited;
    return ((turnOff - control) * 0.75 - model.approachMargin) / lastChange * lastStep;
}

} // namespace cablespice::solver
