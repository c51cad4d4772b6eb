#pragma once
#include "solver/circuit/device.hpp"
#include "solver/mna/stamp_slots.hpp"

#include <vector>

namespace cablespice::solver {

// SPICE3 lossless line T (ngspice TRA, gnucap d_trln, SpiceSharp LosslessTransmissionLine):
// port 1 = v(a) - v(ra) with current i1 into a and out of ra, port 2 = v(b) - v(rb), i2.
// Each port owns a branch current; the two branch rows are the wave equations
//   v1 - Z0 i1 = k * (v2 + Z0 i2),   v2 - Z0 i2 = k * (v1 + Z0 i1)
// with k the delay operator: 1 at DC, exp(-j w TD) at AC, "TD seconds ago" in transient.
//
// - DC (loadConstant, k = 1): the rows reduce to v1 = v2 and i1 = -i2 (a short per port plus
//   current continuity); these coupling entries are declared up front.
// - AC (loadFrequency): adds (1 - exp(-j w TD)) times the coupling terms. This wave form is
//   exact and never singular, so no near-resonance guard is needed (the Y form
//   -j Y0 cot(bl), j Y0 csc(bl) has poles where this has none).
// - Transient (method of characteristics): the matrix keeps only v1 - Z0 i1 (the constant Z0
//   Thevenin companion of each port) and the incident waves v2 + Z0 i2, v1 + Z0 i1 at t - TD
//   enter b through loadHistory. loadTransientMatrix removes the DC coupling from the
//   transient matrix (an analysis hook). History is a time-ordered ring of accepted samples,
//   linearly interpolated at t - TD, constant (the operating point) before t = 0.
//   maxStep() = TD so t - TD always lies in accepted history. Corners of the outgoing waves
//   are forwarded as breakpoints TD later (nextBreakpoint), so a delayed edge is hit exactly.
class TransmissionLineLossless final : public Device, public FrequencyDependentDevice, public HistoryDevice {
public:
    TransmissionLineLossless(std::string name, SourceRange origin, Unknown a, Unknown ra, Unknown b, Unknown rb,
                             double impedanceOhms, double delaySeconds);

    void allocateUnknowns(NodeTable& nodes) override;
    void declareEntries(PatternBuilder& pattern) const override;
    void bindSlots(const SparsePattern& pattern) override;
    void loadConstant(ConstantLoad& load) const override;
    std::vector<Unknown> terminals() const override { return {a_, ra_, b_, rb_}; }
    std::vector<DcEdge> dcPaths() const override { return {{a_, b_}, {ra_, rb_}}; }

    void loadFrequency(double omega, ComplexMatrixValues& values) const override;

    void beginTransient(std::span<const double> xOperatingPoint) override;
    void loadHistory(double time, std::span<double> b) const override;
    void acceptStep(double time, std::span<const double> x) override;
    double maxStep() const override { return delay_; }
    // Hook (see header comment): transient matrix = DC matrix + this correction. Not marked
    // override so the file compiles before HistoryDevice declares it.
    void loadTransientMatrix(MatrixValues& a) const override;
    // Hook: the earliest delayed corner strictly after `after` (+infinity when none). A corner
    // in an outgoing wave (slope change between accepted samples) reaches the other port TD
    // later; the step must land there (ngspice TRAaccept, SpiceSharp Accept.cs).
    double nextBreakpoint(double after) const override;

    double impedance() const { return z0_; }
    double delay() const { return delay_; }
    Unknown branch1() const { return i1_; }
    Unknown branch2() const { return i2_; }

private:
    struct Sample {
        double time, wave1, wave2;  // wave_k = v_k + Z0 i_k, leaving port k into the line
    };
    struct Coupling {            // the k-weighted terms of one branch row
        Slot otherPort, otherReference, otherBranch;
    };
    Sample sampleAt(double time, std::span<const double> x) const;
    Sample delayedWaves(double time) const;
    void push(const Sample& s);
    void detectCorner();
    const Sample& at(std::size_t i) const { return ring_[(head_ + i) % ring_.size()]; }
    template <class Values, class Scalar>
    void stampCoupling(Values& values, Scalar k) const;

    Unknown a_, ra_, b_, rb_;
    double z0_, delay_;
    Unknown i1_ = kGround, i2_ = kGround;
    BranchSlots port1_, port2_;
    Slot self1_ = 0, self2_ = 0;
    Coupling row1_{}, row2_{};

    std::vector<Sample> ring_;
    std::size_t head_ = 0, count_ = 0;
    std::vector<double> pendingBreakpoints_;  // sorted, reserved at beginTransient
};

} // namespace cablespice::solver
