#pragma once
#include "solver/circuit/device.hpp"
#include "solver/devices/switch_hysteresis.hpp"
#include "solver/mna/stamp_slots.hpp"

namespace cablespice::solver {

// ngspice's S (voltage-controlled) and W (current-controlled) switch: RON or ROFF between its
// nodes as the control crosses the hysteresis band. Its conductance is piecewise constant, so it
// is a nonlinear device only through its state, decided as ngspice does: a Newton solve's
// first iterate keeps the last accepted state inside the band, later iterates the previous
// iterate's, and a change of state forces another iteration; accepted solutions fix the state.
// A circuit without S/W keeps the linear route.
class Switch final : public Device, public NonlinearDevice {
public:
    // S: control = v(controlPlus) - v(controlMinus).
    Switch(std::string name, SourceRange origin, Unknown plus, Unknown minus, Unknown controlPlus,
           Unknown controlMinus, SwitchModel model, bool startsOn);
    // W: control = the branch current of `controller` (bound before finalize()).
    Switch(std::string name, SourceRange origin, Unknown plus, Unknown minus, SwitchModel model, bool startsOn);

    void setController(const Device* controller) { controller_ = controller; }
    const Device* controller() const { return controller_; }

    void declareEntries(PatternBuilder& pattern) const override;
    void bindSlots(const SparsePattern& pattern) override;
    void loadNonlinear(NonlinearLoad& load) override;
    void acceptSolution(std::span<const double> x, double timeStep) override;
    double stepLimit(double lastStep) const override;
    std::vector<Unknown> terminals() const override { return {plus_, minus_}; }
    std::vector<DcEdge> dcPaths() const override { return {{plus_, minus_}}; }

    bool isOn() const { return on_; }
    const SwitchModel& model() const { return model_; }
    void setModel(const SwitchModel& model) { model_ = model; }

private:
    double control(std::span<const double> x) const;

    Unknown plus_, minus_, controlPlus_, controlMinus_;
    const Device* controller_ = nullptr;
    SwitchModel model_;
    bool startsOn_;
    bool on_;                    // the state of the last evaluation
    bool acceptedOn_;            // the state at the last accepted solution
    double acceptedControl_ = 0.0, previousAcceptedControl_ = 0.0;
    ConductanceSlots slots_;
};

} // namespace cablespice::solver
