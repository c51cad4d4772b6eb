#pragma once
#include "solver/circuit/device.hpp"
#include "solver/circuit/noise_device.hpp"
#include "solver/devices/line_stamps.hpp"
#include "solver/devices/mtl_parameters.hpp"
#include "solver/mna/stamp_slots.hpp"

#include <Eigen/Dense>

#include <vector>

namespace cablespice::solver {

// Exact frequency-domain N-conductor line (ARCHITECTURE B6.3): a user feature for .ac of any
// length and the oracle the lumped model converges to. Terminals and reference semantics as
// MtlLumped (a1..aN, refA, b1..bN, refB; ideal return joining refA and refB).
//
// AC: Z = R + jwL + RS sqrt(f)(1+j), Y = G + GD f + jwC (MtlParameters: skin effect and
// dielectric loss exact at every frequency); Z*Y = T diag(gamma^2) T^-1 (Eigen::ComplexEigenSolver), and with
// S = sqrt(ZY), Yc = Z^-1 S = Y S^-1 the two-port is
//   Y11 = Y22 = Yc coth(S len) = Y T diag(coth(gamma len)/gamma) T^-1
//   Y12 = Y21 = -Yc csch(S len) = -Y T diag(csch(gamma len)/gamma) T^-1
// (C. R. Paul, MTL analysis, chain/admittance parameters), a 2N x 2N dense block.
//
// DC (.op): loadConstant stamps the resistive solution: per conductor a series branch with the
// -R*len block (R = 0 is an exact short) and G*len/2 shunts at both ends (exact for G = 0, the
// usual case; a pi approximation of the DC telegrapher solution otherwise).
//
// No double counting at AC: the analysis fills G_lin + jwC_lin (this device has nothing in C),
// then loadFrequency adds (exact - DC): it removes the branch incidence and the shunts, turns
// each branch row into i_k = 0 (the branch currents are dead unknowns at AC) and adds the
// exact block. Every entry involved was declared Resistive up front. Omega = 0 keeps the DC
// stamp. .tran is rejected at elaboration ("method=exact supports .ac and .op only").
class MtlExactAc final : public Device, public FrequencyDependentDevice, public LinearNoiseDevice {
public:
    MtlExactAc(std::string name, SourceRange origin, std::vector<Unknown> endA, Unknown refA, std::vector<Unknown> endB,
               Unknown refB, MtlParameters perMetre, double lengthMetres);

    void allocateUnknowns(NodeTable& nodes) override;
    void declareEntries(PatternBuilder& pattern) const override;
    void bindSlots(const SparsePattern& pattern) override;
    void loadConstant(ConstantLoad& load) const override;
    void loadFrequency(double omega, ComplexMatrixValues& values) const override;
    std::vector<Unknown> terminals() const override;
    std::vector<DcEdge> dcPaths() const override;

    int conductors() const { return parameters_.conductors(); }
    const MtlParameters& parameters() const { return parameters_; }
    double length() const { return length_; }
    void setParameters(MtlParameters perMetre, double lengthMetres);

    // The exact 2N x 2N short-circuit admittance [Y11 Y12; Y21 Y22] at omega > 0, port order
    // a1..aN, b1..bN, currents into the line.
    Eigen::MatrixXcd admittance(double omega) const;

    // The same line as its exact pi-equivalent at omega > 0: the series impedance Z_s (N x N,
    // v_a - v_b = Z_s i) and the shunt admittance Y_sh at each end, Y11 = Y_sh + Z_s^-1 and
    // Y12 = -Z_s^-1. Z_s = l T diag(sinh(gl)/(gl)) T^-1 Z, Y_sh = Y T diag(tanh(gl/2)/g) T^-1
    // (T the eigenvectors of ZY, g its square-rooted eigenvalues): neither is a difference, so an
    // electrically short line keeps its small shunt part that Y11 + Y12 loses to rounding.
    struct PiEquivalent {
        Eigen::MatrixXcd series, shunt;
    };
    PiEquivalent piEquivalent(double omega) const;

    // Noise (.noise): the thermal noise of the whole lossy line as a passive multiport at one
    // temperature (Twiss): port short-circuit noise currents with correlation 2kT (Y + Y^H)
    // (= 4kT Re Y, Y symmetric), Y the exact 2N x 2N admittance; no sections needed.
    double outputNoiseDensity(double frequency, std::span<const std::complex<double>> adjoint) const override;
    void setNoiseTemperature(double kelvin) { noiseKelvin_ = kelvin; }
    // True while every mode is electrically short (|gamma l| below 1): the pi-equivalent is
    // then stamped in branch form; longer lines use the admittance form (sinh would overflow).
    bool electricallyShort(double omega) const;

private:
    Eigen::MatrixXd dcShunt() const;
    void loadPiEquivalent(const PiEquivalent& pi, ComplexMatrixValues& values) const;
    bool hasReturnBranch() const { return refA_ != refB_; }

    std::vector<Unknown> endA_, endB_;
    Unknown refA_, refB_;
    MtlParameters parameters_;
    double length_;

    std::vector<Unknown> branches_;
    Unknown returnBranch_ = kGround;
    std::vector<BranchSlots> incidence_;
    std::vector<Slot> seriesBlock_;  // N*N between the branch currents
    ReferencedBlock ports_;          // 2N ports: a_i against refA, b_i against refB
    BranchSlots returnIncidence_;
    double noiseKelvin_ = 27.0 + kZeroCelsiusInKelvin;
};

} // namespace cablespice::solver
