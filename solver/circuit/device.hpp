#pragma once
#include "solver/circuit/node_table.hpp"
#include "solver/circuit/unknown.hpp"
#include "solver/mna/matrix_values.hpp"
#include "solver/mna/pattern_builder.hpp"
#include "solver/mna/sparse_pattern.hpp"
#include "solver/support/source_range.hpp"
#include "solver/support/tolerances.hpp"

#include <complex>
#include <functional>
#include <limits>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace cablespice::solver {

// The constant (linear) part of the system: G = df/dx and C = dq/dx.
struct ConstantLoad {
    MatrixValues& g;
    MatrixValues& c;
};

// A DC edge between two nodes, used for topology checks (floating nodes, voltage loops).
struct DcEdge {
    Unknown a;
    Unknown b;
};

// Phase-ordered protocol (ARCHITECTURE B3): allocate unknowns, declare every matrix entry,
// bind slots once, then load values. Devices never ask which analysis is running.
class Device {
public:
    Device(std::string name, SourceRange origin) : name_(std::move(name)), origin_(origin) {}
    virtual ~Device() = default;
    Device(const Device&) = delete;
    Device& operator=(const Device&) = delete;

    const std::string& name() const { return name_; }
    SourceRange origin() const { return origin_; }

    virtual void allocateUnknowns(NodeTable&) {}
    virtual void declareEntries(PatternBuilder&) const = 0;
    virtual void bindSlots(const SparsePattern&) = 0;
    virtual void loadConstant(ConstantLoad&) const {}

    // Nodes this device connects to (for diagnostics).
    virtual std::vector<Unknown> terminals() const = 0;
    // Conducting paths at DC (a resistor, a voltage-defined branch, an inductor).
    virtual std::vector<DcEdge> dcPaths() const { return {}; }
    // True when the device fixes the voltage between its dcPaths() ends (V, E, H, L at DC).
    virtual bool definesVoltage() const { return false; }
    // Branch-current unknown, for elements that own one (V, E, H, L); kGround otherwise.
    virtual Unknown branchCurrent() const { return kGround; }
    // Other devices this one points at (K's inductors, F's and H's controlling element): a
    // device cannot be replaced while a kept device still points at it (Circuit::finalizeReplacing).
    virtual std::vector<const Device*> referencedDevices() const { return {}; }
    // Scales the transient's truncation-error weight of this device's rows (a lumped line holds
    // its internal rows tighter); most devices leave the weights as they are.
    virtual void weightTruncationError(std::span<double> /*weight*/) const {}

private:
    std::string name_;
    SourceRange origin_;
};

// Independent sources: right-hand-side contributions.
class ExcitationDevice {
public:
    virtual ~ExcitationDevice() = default;
    // DC value times scale (scale supports source stepping and zeroing).
    virtual void loadDc(std::span<double> b, double scale) const = 0;
    // Value at time t of the transient waveform (DC value when there is none).
    virtual void loadTransient(double time, std::span<double> b) const = 0;
    // Small-signal AC phasor.
    virtual void loadAc(std::span<std::complex<double>> b) const = 0;
    // A unit (1 V or 1 A, zero phase) AC excitation at this source alone (CMRR analysis).
    virtual void loadUnitAc(std::span<std::complex<double>> b) const = 0;
    // Waveform corners in [from, to] (for the transient step control).
    virtual void collectBreakpoints(double /*from*/, double /*to*/, std::vector<double>& /*out*/) const {}
};

// What a nonlinear device fills at one Newton iterate (ARCHITECTURE B3/B5). The system is
// f(x) + dq(x)/dt = b; the device adds its part of f and q at the point it evaluated (its
// terminal voltages after limiting), their Jacobians G = df/dx and C = dq/dx, and the
// equivalents f - G*v and q - C*v at that point, so the Newton step solves
// (G + alpha0*C) x_new = b - h_q - fEquivalent - alpha0*qEquivalent (the SPICE companion form).
// Row u of f, q and the equivalents is unknown u's equation; index 0 is the ground bucket.
struct NonlinearLoad {
    std::span<const double> x;        // the iterate (x[0] = 0)
    MatrixValues& g;
    MatrixValues& c;
    std::span<double> f;              // current leaving each node into the device (or branch residual)
    std::span<double> q;              // charge of each row
    std::span<double> fEquivalent;    // f - G*v at the evaluated point
    std::span<double> qEquivalent;    // q - C*v at the evaluated point
    double gmin = 1e-12;              // conductance across every junction (SPICE CKTgmin)
    bool limit = true;                // limit junction voltages against the previous evaluation
    bool initialJunction = false;     // evaluate at the junction's starting guess (SPICE MODEINITJCT)
    int limited = 0;                  // out: devices whose voltages were limited (not converged yet)
    bool firstIteration = false;      // the first iterate of a Newton solve (SPICE MODEINITPRED/INITTRAN)
    double time = 0.0;                // the transient's time at this solve (0 in DC and at the operating point)
    const Device* outOfDomain = nullptr;  // out: a device evaluated outside its domain (named if Newton fails)
    // Non-null: a device whose controlling voltages and linearly predicted currents moved within
    // these tolerances since its last evaluation may load that evaluation again instead (SPICE's
    // BYPASS); null: every device evaluates.
    const Tolerances* bypass = nullptr;
    // The transient step this solve advances by (to `time`); 0 in a steady state (DC, the
    // operating point, the AC linearisation). Devices with a state of their own between time
    // points (a BJT's excess phase) discretise it over this step.
    double timeStep = 0.0;
};

// Devices whose currents or charges depend nonlinearly on x (diodes, ...). A circuit without
// any takes the linear route untouched (Circuit::isLinear()). A device keeps its last evaluated
// junction voltages, which junction limiting starts from; loads never ask which analysis runs.
class NonlinearDevice {
public:
    virtual ~NonlinearDevice() = default;
    virtual void loadNonlinear(NonlinearLoad& load) = 0;
    // Rows that hold this device's charge (for the transient's truncation-error control).
    virtual std::vector<Unknown> chargeRows() const { return {}; }
    // x is an accepted solution: a steady state (a DC point, the transient's initial point;
    // timeStep 0) or a time point reached by a transient step of timeStep. Devices with a
    // discrete state (switches) keep the state they had there; devices with a state between time
    // points (a BJT's excess phase) commit it, so a rejected step leaves nothing behind.
    virtual void acceptSolution(std::span<const double> /*x*/, double /*timeStep*/) {}
    // The largest next transient step the device allows after an accepted step of lastStep (a
    // switch nearing its threshold); +inf: no limit.
    virtual double stepLimit(double /*lastStep*/) const { return std::numeric_limits<double>::infinity(); }
};

// Elements with an IC= for `.tran ... UIC` (SPICE semantics; see transient_initial.hpp).
class InitialConditionDevice {
public:
    virtual ~InitialConditionDevice() = default;
    // Writes the unknowns the IC fixes into x; `setByIc(u)` tells whether .ic already sets u.
    virtual void seedInitialCondition(std::span<double> x, const std::function<bool(Unknown)>& setByIc) const = 0;
    // Corrects q = C x where the IC holds a charge the node voltages do not show.
    virtual void correctInitialCharge(std::span<const double> /*x*/, std::span<double> /*q*/) const {}
};

// Devices whose stamp is not G + j*omega*C (exact transmission lines, ...).
class FrequencyDependentDevice {
public:
    virtual ~FrequencyDependentDevice() = default;
    virtual void loadFrequency(double omega, ComplexMatrixValues& values) const = 0;
};

// Nonlinear devices whose small-signal admittance at the operating point is not G_op + j*omega*C_op
// (a BJT's excess phase delays its transconductance): what they add to the AC matrix at omega,
// linearised at xOperatingPoint (size n + 1).
class SmallSignalFrequencyDevice {
public:
    virtual ~SmallSignalFrequencyDevice() = default;
    virtual void loadSmallSignalFrequency(std::span<const double> xOperatingPoint, double omega,
                                          ComplexMatrixValues& values) const = 0;
};

// Devices that need accepted transient solutions (method-of-characteristics lines).
class HistoryDevice {
public:
    virtual ~HistoryDevice() = default;
    virtual void beginTransient(std::span<const double> xOperatingPoint) = 0;
    virtual void loadHistory(double time, std::span<double> b) const = 0;
    virtual void acceptStep(double time, std::span<const double> x) = 0;
    virtual double maxStep() const = 0;
    // Constant values added to the transient matrix G + alpha0*C only (never to DC or AC):
    // a method-of-characteristics line removes its DC short here.
    virtual void loadTransientMatrix(MatrixValues& /*a*/) const {}
    // The earliest breakpoint this device has scheduled strictly after `after` (+inf: none),
    // e.g. a line's delayed wave corners. Found while running, so not in collectBreakpoints().
    virtual double nextBreakpoint(double /*after*/) const { return std::numeric_limits<double>::infinity(); }
};

} // namespace cablespice::solver
