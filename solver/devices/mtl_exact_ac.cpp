#include "solver/devices/mtl_exact_ac.hpp"

#include <cassert>
#include <complex>
#include <numbers>
#include <string>

namespace cablespice::solver {

namespace {

using Complex = std::complex<double>;

// coth(x) and csch(x) for Re(x) >= 0 without overflow for long lossy lines.
Complex stableCoth(Complex x) {
    const Complex e = std::exp(-2.0 * x);
    return (1.0 + e) / (1.0 - e);
}

Complex stableCsch(Complex x) {
    const Complex e = std::exp(-2.0 * x);
    return 2.0 * std::exp(-x) / (1.0 - e);
}

// sinh(x)/x and tanh(x/2) without cancellation for small |x|.
Complex sinhOverX(Complex x) {
    if (std::abs(x) < 1e-4) return 1.0 + x * x / 6.0;
    return std::sinh(x) / x;
}

struct Modes {
    Eigen::MatrixXcd t, tInverse;
    Eigen::VectorXcd gamma;
};

// The per-metre Z(w) and Y(w) and the modes of Z Y: what every form of the exact solution
// needs, computed once per frequency.
struct LineAt {
    Eigen::MatrixXcd z, y;
    Modes modes;
};

LineAt lineAt(const MtlParameters& p, double omega) {
    LineAt line{seriesImpedancePerMetre(p, omega), shuntAdmittancePerMetre(p, omega), {}};
    Eigen::ComplexEigenSolver<Eigen::MatrixXcd> eigen(line.z * line.y);
    line.modes = {eigen.eigenvectors(), {}, eigen.eigenvalues().cwiseSqrt()};  // principal roots: Re >= 0
    line.modes.tInverse = line.modes.t.partialPivLu().inverse();
    return line;
}

bool isShort(const LineAt& line, double length) {
    return (line.modes.gamma.cwiseAbs() * length).maxCoeff() < 1.0;
}

Eigen::MatrixXcd admittanceOf(const LineAt& line, double length) {
    const auto n = line.modes.gamma.size();
    Eigen::VectorXcd cothOverGamma(n), cschOverGamma(n);
    for (Eigen::Index m = 0; m < n; ++m) {
        const Complex gamma = line.modes.gamma(m);
        cothOverGamma(m) = stableCoth(gamma * length) / gamma;
        cschOverGamma(m) = stableCsch(gamma * length) / gamma;
    }
    const Eigen::MatrixXcd y11 = line.y * line.modes.t * cothOverGamma.asDiagonal() * line.modes.tInverse;
    const Eigen::MatrixXcd y12 = -(line.y * line.modes.t * cschOverGamma.asDiagonal() * line.modes.tInverse);
    Eigen::MatrixXcd block(2 * n, 2 * n);
    block << y11, y12, y12, y11;
    return block;
}

MtlExactAc::PiEquivalent piEquivalentOf(const LineAt& line, double length) {
    const auto n = line.modes.gamma.size();
    Eigen::VectorXcd seriesFactor(n), shuntFactor(n);
    for (Eigen::Index m = 0; m < n; ++m) {
        const Complex gamma = line.modes.gamma(m);
        seriesFactor(m) = sinhOverX(gamma * length);
        // tanh(g l / 2) / g, -> l/2 as g -> 0
        shuntFactor(m) = std::abs(gamma * length) < 1e-4 ? Complex(0.5 * length) : std::tanh(0.5 * gamma * length) / gamma;
    }
    MtlExactAc::PiEquivalent pi;
    pi.series = length * line.modes.t * seriesFactor.asDiagonal() * line.modes.tInverse * line.z;
    pi.shunt = line.y * line.modes.t * shuntFactor.asDiagonal() * line.modes.tInverse;
    return pi;
}

} // namespace

MtlExactAc::MtlExactAc(std::string name, SourceRange origin, std::vector<Unknown> endA, Unknown refA,
                       std::vector<Unknown> endB, Unknown refB, MtlParameters perMetre, double lengthMetres)
    : Device(std::move(name), origin), endA_(std::move(endA)), endB_(std::move(endB)), refA_(refA), refB_(refB),
      parameters_(std::move(perMetre)), length_(lengthMetres) {
    assert(static_cast<int>(endA_.size()) == parameters_.conductors() && endB_.size() == endA_.size() &&
           "one node per conductor at each end");
    std::vector<Unknown> ports = endA_;
    ports.insert(ports.end(), endB_.begin(), endB_.end());
    std::vector<Unknown> references(endA_.size(), refA_);
    references.insert(references.end(), endB_.size(), refB_);
    ports_ = ReferencedBlock(std::move(ports), std::move(references));
}

void MtlExactAc::setParameters(MtlParameters perMetre, double lengthMetres) {
    assert(perMetre.conductors() == conductors() && "the conductor count is part of the topology");
    parameters_ = std::move(perMetre);
    length_ = lengthMetres;
}

void MtlExactAc::allocateUnknowns(NodeTable& nodes) {
    branches_.clear();
    for (int i = 1; i <= conductors(); ++i) branches_.push_back(nodes.addBranch(name() + ".c" + std::to_string(i)));
    returnBranch_ = hasReturnBranch() ? nodes.addBranch(name() + ".ref") : kGround;
}

void MtlExactAc::declareEntries(PatternBuilder& pattern) const {
    const auto n = static_cast<std::size_t>(conductors());
    for (std::size_t i = 0; i < n; ++i) {
        BranchSlots::declare(pattern, endA_[i], endB_[i], branches_[i]);
        for (std::size_t j = 0; j < n; ++j) pattern.add(branches_[i], branches_[j], EntryKind::Resistive);
    }
    ports_.declare(pattern, EntryKind::Resistive);
    if (hasReturnBranch()) BranchSlots::declare(pattern, refA_, refB_, returnBranch_);
}

void MtlExactAc::bindSlots(const SparsePattern& pattern) {
    const auto n = static_cast<std::size_t>(conductors());
    incidence_.clear();
    seriesBlock_.clear();
    for (std::size_t i = 0; i < n; ++i) {
        incidence_.push_back(BranchSlots::bind(pattern, endA_[i], endB_[i], branches_[i]));
        for (std::size_t j = 0; j < n; ++j) seriesBlock_.push_back(pattern.slot(branches_[i], branches_[j]));
    }
    ports_.bind(pattern);
    if (hasReturnBranch()) returnIncidence_ = BranchSlots::bind(pattern, refA_, refB_, returnBranch_);
}

Eigen::MatrixXd MtlExactAc::dcShunt() const {
    const int n = conductors();
    Eigen::MatrixXd shunt = Eigen::MatrixXd::Zero(2 * n, 2 * n);
    shunt.topLeftCorner(n, n) = 0.5 * length_ * parameters_.g;
    shunt.bottomRightCorner(n, n) = 0.5 * length_ * parameters_.g;
    return shunt;
}

void MtlExactAc::loadConstant(ConstantLoad& load) const {
    const int n = conductors();
    for (const auto& branch : incidence_) branch.stamp(load.g);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) load.g.add(seriesBlock_[static_cast<std::size_t>(i * n + j)], -parameters_.r(i, j) * length_);
    ports_.stamp(load.g, dcShunt(), 1.0);
    if (hasReturnBranch()) returnIncidence_.stamp(load.g);
}

Eigen::MatrixXcd MtlExactAc::admittance(double omega) const { return admittanceOf(lineAt(parameters_, omega), length_); }

MtlExactAc::PiEquivalent MtlExactAc::piEquivalent(double omega) const {
    return piEquivalentOf(lineAt(parameters_, omega), length_);
}

bool MtlExactAc::electricallyShort(double omega) const { return isShort(lineAt(parameters_, omega), length_); }

void MtlExactAc::loadFrequency(double omega, ComplexMatrixValues& values) const {
    if (omega == 0.0) return;  // the DC stamp is the exact omega -> 0 limit
    const LineAt line = lineAt(parameters_, omega);
    if (isShort(line, length_)) return loadPiEquivalent(piEquivalentOf(line, length_), values);
    const int n = conductors();
    for (const auto& branch : incidence_) {
        values.add(branch.pk, -1.0);
        values.add(branch.nk, 1.0);
        values.add(branch.kp, -1.0);
        values.add(branch.kn, 1.0);
    }
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j)
            values.add(seriesBlock_[static_cast<std::size_t>(i * n + j)],
                       parameters_.r(i, j) * length_ + (i == j ? 1.0 : 0.0));
    Eigen::MatrixXcd block = admittanceOf(line, length_);
    block -= dcShunt().cast<Complex>();
    ports_.stamp(values, block, Complex(1.0));
}

// Branch form: the DC stamp's incidence stays, its series block -R l becomes -Z_s, and the
// shunt at each end becomes Y_sh.
void MtlExactAc::loadPiEquivalent(const PiEquivalent& pi, ComplexMatrixValues& values) const {
    const int n = conductors();
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j)
            values.add(seriesBlock_[static_cast<std::size_t>(i * n + j)], parameters_.r(i, j) * length_ - pi.series(i, j));
    Eigen::MatrixXcd block = Eigen::MatrixXcd::Zero(2 * n, 2 * n);
    block.topLeftCorner(n, n) = pi.shunt;
    block.bottomRightCorner(n, n) = pi.shunt;
    block -= dcShunt().cast<Complex>();
    ports_.stamp(values, block, Complex(1.0));
}

std::vector<Unknown> MtlExactAc::terminals() const {
    std::vector<Unknown> all = endA_;
    all.push_back(refA_);
    all.insert(all.end(), endB_.begin(), endB_.end());
    all.push_back(refB_);
    return all;
}

std::vector<DcEdge> MtlExactAc::dcPaths() const {
    std::vector<DcEdge> edges;
    for (std::size_t i = 0; i < endA_.size(); ++i) edges.push_back({endA_[i], endB_[i]});
    if (hasReturnBranch()) edges.push_back({refA_, refB_});
    if (!parameters_.g.isZero(0.0))
        for (std::size_t i = 0; i < endA_.size(); ++i) {
            edges.push_back({endA_[i], refA_});
            edges.push_back({endB_[i], refB_});
        }
    return edges;
}

// --- noise (issue 21) ---

double MtlExactAc::outputNoiseDensity(double frequency, std::span<const std::complex<double>> adjoint) const {
    if (frequency <= 0.0) return 0.0;
    const int n = conductors();
    // How a current injected at each port (a_i against refA, b_i against refB) reaches the output.
    Eigen::VectorXcd transfer(2 * n);
    auto at = [&adjoint](Unknown u) { return adjoint[static_cast<std::size_t>(u)]; };
    for (int i = 0; i < n; ++i) {
        transfer(i) = at(endA_[static_cast<std::size_t>(i)]) - at(refA_);
        transfer(n + i) = at(endB_[static_cast<std::size_t>(i)]) - at(refB_);
    }
    const Eigen::MatrixXcd y = admittance(2.0 * std::numbers::pi * frequency);
    const Eigen::MatrixXcd correlation = 2.0 * kBoltzmann * noiseKelvin_ * (y + y.adjoint());
    // E|sum t_k i_k|^2 = t^T E[i i^H] conj(t).
    return (transfer.transpose() * correlation * transfer.conjugate())(0, 0).real();
}

} // namespace cablespice::solver
