#pragma once

namespace cablespice::solver {

// ngspice's switch model (SW for S, CSW for W): ON above threshold + hysteresis, OFF below
// threshold - hysteresis, unchanged in between. The control is a voltage (S) or a current (W).
struct SwitchModel {
    double threshold = 0.0;       // VT or IT
    double hysteresis = 0.0;      // VH or IH (>= 0)
    double onResistance = 1.0;    // RON [ohm]
    double offResistance = 1e12;  // ROFF [ohm] (ngspice: 1/gmin)
    // What the transient's approach limit adds to 3/4 of the distance to the threshold: 50 mV
    // for S, 50 uA for W (ngspice's SWtrunc and CSWtrunc).
    double approachMargin = 0.05;
};

// The state at `control` given the state before (the hysteresis band keeps it).
bool nextSwitchState(const SwitchModel& model, double control, bool wasOn);

// The largest next step while the control moves toward the threshold that would flip the
// state: the step that covers 3/4 of the remaining distance (plus the margin) at the rate of the
// last step (lastChange of the control over lastStep). +inf when the control moves away.
double switchStepLimit(const SwitchModel& model, bool on, double control, double lastChange, double lastStep);

} // namespace cablespice::solver
