#pragma once
#include "solver/circuit/device.hpp"
#include "solver/circuit/noise_device.hpp"
#include "solver/devices/line_stamps.hpp"
#include "solver/devices/mtl_parameters.hpp"
#include "solver/mna/stamp_slots.hpp"

#include <span>
#include <vector>

namespace cablespice::solver {

// N-conductor RLGC line expanded into n symmetric pi sections (ARCHITECTURE B6, Xyce
// N_DEV_TransLine generalised to N conductors). Valid in every analysis: all values go into
// G_lin/C_lin in loadConstant, nothing runs per step or per frequency.
//
// Terminals: a1..aN, refA, b1..bN, refB. Conductor voltages are measured against the reference
// node of their end (ngspice CPL: "ni1 ... nix are the nodes at port 1 with gnd1"). The
// reference conductor is ideal: its drop is already folded into the R and L matrices (MTL
// theory), so the device joins refA and refB with an ideal 0 V branch that carries the return
// current (omitted when refA and refB are the same node). Model a shield whose own impedance
// matters as one of the N conductors, against a remote reference (e.g. 0 at both ends).
//
// Section k (0..n-1), per conductor i: a series branch current from junction k to k+1 with
//   v(k,i) - v(k+1,i) - sum_j (R_ij dz) i_j - sum_j (L_ij dz) di_j/dt = 0
// (-R dz block in G, the dense -L dz block in C: the mutual inductance between the section's
// branches). Junction k carries the shunt (G, C) * dz against the reference, halved at both
// ends (symmetric pi). Internal junction nodes are named "<name>.s<k>.c<i>" (k = 1..n-1,
// i = 1..N), branch currents "<name>.s<k>.c<i>" too (k = 1..n), the return branch "<name>.ref".
class MtlLumped final : public Device, public NoiseDevice {
public:
    MtlLumped(std::string name, SourceRange origin, std::vector<Unknown> endA, Unknown refA, std::vector<Unknown> endB,
              Unknown refB, MtlParameters perMetre, double lengthMetres, int sections);

    void allocateUnknowns(NodeTable& nodes) override;
    void declareEntries(PatternBuilder& pattern) const override;
    void bindSlots(const SparsePattern& pattern) override;
    void loadConstant(ConstantLoad& load) const override;
    std::vector<Unknown> terminals() const override;
    std::vector<DcEdge> dcPaths() const override;

    int conductors() const { return parameters_.conductors(); }
    int sections() const { return sections_; }
    double length() const { return length_; }
    const MtlParameters& parameters() const { return parameters_; }
    // Scales the transient's truncation-error weight of the line's internal junction and branch
    // rows by 1/sections (why: see the .cpp).
    void weightTruncationError(std::span<double> weight) const;
    // Same topology (sections and N unchanged): new values, then Circuit::reloadConstant().
    void setParameters(MtlParameters perMetre, double lengthMetres);

    // Noise (.noise): each section's conductor resistance as series noise voltages correlated
    // as 4kT R dz (in its branch rows), each junction's dielectric loss as shunt noise currents
    // correlated as 4kT G dz (halved at the ends), at the circuit temperature.
    double outputNoiseDensity(double frequency, std::span<const std::complex<double>> adjoint) const override;
    void setNoiseTemperature(double kelvin) { noiseKelvin_ = kelvin; }

private:
    Unknown junctionNode(int k, int i) const;
    Unknown junctionReference(int k) const;
    bool hasReturnBranch() const { return refA_ != refB_; }

    std::vector<Unknown> endA_, endB_;
    Unknown refA_, refB_;
    MtlParameters parameters_;
    double length_;
    int sections_;

    std::vector<Unknown> internal_;   // (n-1)*N junction nodes, junction-major
    std::vector<Unknown> branches_;   // n*N series currents, section-major
    Unknown returnBranch_ = kGround;

    std::vector<BranchSlots> incidence_;            // per series branch
    std::vector<std::vector<Slot>> seriesBlocks_;   // per section: N*N slots between its branches
    std::vector<ReferencedBlock> shunts_;           // per junction 0..n
    BranchSlots returnIncidence_;
    double noiseKelvin_ = 27.0 + kZeroCelsiusInKelvin;
};

} // namespace cablespice::solver
