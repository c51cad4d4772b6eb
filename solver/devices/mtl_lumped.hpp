#pragma once
#include "solver/circuit/device.hpp"
#include "solver/circuit/noise_device.hpp"
#include "solver/devices/line_stamps.hpp"
#include "solver/devices/dielectric_loss_fit.hpp"
#include "solver/devices/mtl_parameters.hpp"
#include "solver/devices/skin_effect_fit.hpp"
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
//
// Skin effect (MtlParameters::rs): each section's series path also holds the fitted Foster chain
// of SkinEffectFit, RS dz h(s) with h(s) = sum_m rho_m s tau_m / (1 + s tau_m). Per cell m and
// conductor i one unknown y (branch "<name>.s<k>.c<i>.skin<m>", the part of the current through
// the cell's resistor) with y + tau_m dy/dt - tau_m di/dt = 0, and the branch row gains
// -rho_m dz sum_j RS_ij y_j.
// Dielectric loss (MtlParameters::gd): each junction's shunt also holds the Debye cells of
// DielectricLossFit, GD w d(s) with w its share of the length (dz, dz/2 at the ends): per cell m
// and conductor i one unknown x (branch "<name>.j<k>.c<i>.diel<m>", the high-passed port voltage)
// with x + tau_m dx/dt - tau_m d(v_i - v_ref)/dt = 0, and a current sigma_m w sum_j GD_ij x_j into
// conductor i (out of the reference); the junction's capacitance is C - kappa GD.
// Constant entries like the rest: the line's AC is the fitted network's, and a transient at an
// unchanged step refactors nothing.
class MtlLumped final : public Device, public LinearNoiseDevice {
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
    void weightTruncationError(std::span<double> weight) const override;
    // Same topology (sections and N unchanged): new values, then Circuit::reloadConstant().
    void setParameters(MtlParameters perMetre, double lengthMetres);
    // The band the skin-effect and dielectric cells are fitted over (default 10 Hz-10 MHz);
    // before finalize.
    void setFitBand(double fLowHertz, double fHighHertz);
    const SkinEffectFit& skinEffectFit() const { return skinFit_; }
    const DielectricLossFit& dielectricLossFit() const { return dielectricFit_; }
    // The junctions' capacitance per metre, C - kappa GD (C without dielectric loss).
    Eigen::MatrixXd lumpedCapacitance() const;

    // Noise (.noise): each section's conductor resistance as series noise voltages correlated
    // as 4kT R dz (in its branch rows), each junction's dielectric loss as shunt noise currents
    // correlated as 4kT G dz (halved at the ends), at the circuit temperature.
    double outputNoiseDensity(double frequency, std::span<const std::complex<double>> adjoint) const override;
    void setNoiseTemperature(double kelvin) { noiseKelvin_ = kelvin; }

private:
    Unknown junctionNode(int k, int i) const;
    Unknown junctionReference(int k) const;
    int skinCells() const { return parameters_.hasSkinEffect() ? static_cast<int>(skinFit_.tau.size()) : 0; }
    Unknown skinState(int section, int cell, int conductor) const;
    void declareSkinEffect(PatternBuilder& pattern) const;
    void bindSkinEffect(const SparsePattern& pattern);
    void loadSkinEffect(ConstantLoad& load) const;
    int dielectricCells() const {
        return parameters_.hasDielectricLoss() ? static_cast<int>(dielectricFit_.tau.size()) : 0;
    }
    Unknown dielectricState(int junction, int cell, int conductor) const;
    void declareDielectricLoss(PatternBuilder& pattern) const;
    void bindDielectricLoss(const SparsePattern& pattern);
    void loadDielectricLoss(ConstantLoad& load) const;
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

    SkinEffectFit skinFit_;
    std::vector<Unknown> skinStates_;  // section-major, then cell, then conductor
    // Per section and cell: N*N slots (branch row i, state column j), N (state, state) and N
    // (state row, branch column) slots.
    struct SkinCellSlots {
        std::vector<Slot> coupling, self, drive;
    };
    std::vector<SkinCellSlots> skinSlots_;

    DielectricLossFit dielectricFit_;
    std::vector<Unknown> dielectricStates_;  // junction-major, then cell, then conductor
    // Per junction and cell: N*N slots (conductor row i, state column j), N (reference row, state
    // column j), N (state, state), N (state row, conductor column) and N (state row, reference column).
    struct DielectricCellSlots {
        std::vector<Slot> current, returnCurrent, self, drive, driveReference;
    };
    std::vector<DielectricCellSlots> dielectricSlots_;
    double noiseKelvin_ = 27.0 + kZeroCelsiusInKelvin;
};

} // namespace cablespice::solver
