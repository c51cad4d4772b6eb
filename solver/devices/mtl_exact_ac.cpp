#include "solver/devices/mtl_exact_ac.hpp"

#include <cassert>
#include <complex>
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

Modes modesOf(const Eigen::MatrixXcd& zy) {
    Eigen::ComplexEigenSolver<Eigen::MatrixXcd> eigen(zy);
    Modes modes{eigen.eigenvectors(), {}, eigen.eigenvalues().cwiseSqrt()};  // principal roots: Re >= 0
    modes.tInverse = modes.t.partialPivLu().inverse();
    return modes;
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

Eigen::MatrixXcd MtlExactAc::admittance(double omega) const {
    const int n = conductors();
    const Complex jw(0.0, omega);
    const Eigen::MatrixXcd z = parameters_.r.cast<Complex>() + jw * parameters_.l.cast<Complex>();
    const Eigen::MatrixXcd y = parameters_.g.cast<Complex>() + jw * parameters_.c.cast<Complex>();
    const Modes modes = modesOf(z * y);
    Eigen::VectorXcd cothOverGamma(n), cschOverGamma(n);
    for (int m = 0; m < n; ++m) {
        const Complex gamma = modes.gamma(m);
        cothOverGamma(m) = stableCoth(gamma * length_) / gamma;
        cschOverGamma(m) = stableCsch(gamma * length_) / gamma;
    }
    const Eigen::MatrixXcd y11 = y * modes.t * cothOverGamma.asDiagonal() * modes.tInverse;
    const Eigen::MatrixXcd y12 = -(y * modes.t * cschOverGamma.asDiagonal() * modes.tInverse);
    Eigen::MatrixXcd block(2 * n, 2 * n);
    block << y11, y12, y12, y11;
    return block;
}

MtlExactAc::PiEquivalent MtlExactAc::piEquivalent(double omega) const {
    const int n = conductors();
    const Complex jw(0.0, omega);
    const Eigen::MatrixXcd z = parameters_.r.cast<Complex>() + jw * parameters_.l.cast<Complex>();
    const Eigen::MatrixXcd y = parameters_.g.cast<Complex>() + jw * parameters_.c.cast<Complex>();
    const Modes modes = modesOf(z * y);
    Eigen::VectorXcd seriesFactor(n), shuntFactor(n);
    for (int m = 0; m < n; ++m) {
        const Complex gamma = modes.gamma(m);
        seriesFactor(m) = sinhOverX(gamma * length_);
        // tanh(g l / 2) / g, -> l/2 as g -> 0
        shuntFactor(m) = std::abs(gamma * length_) < 1e-4 ? Complex(0.5 * length_) : std::tanh(0.5 * gamma * length_) / gamma;
    }
    PiEquivalent pi;
    pi.series = length_ * modes.t * seriesFactor.asDiagonal() * modes.tInverse * z;
    pi.shunt = y * modes.t * shuntFactor.asDiagonal() * modes.tInverse;
    return pi;
}

bool MtlExactAc::electricallyShort(double omega) const {
    const Complex jw(0.0, omega);
    const Eigen::MatrixXcd z = parameters_.r.cast<Complex>() + jw * parameters_.l.cast<Complex>();
    const Eigen::MatrixXcd y = parameters_.g.cast<Complex>() + jw * parameters_.c.cast<Complex>();
    Eigen::ComplexEigenSolver<Eigen::MatrixXcd> eigen(z * y, false);
    for (int m = 0; m < conductors(); ++m)
        if (std::abs(std::sqrt(eigen.eigenvalues()(m))) * length_ >= 1.0) return false;
    return true;
}

void MtlExactAc::loadFrequency(double omega, ComplexMatrixValues& values) const {
    if (omega == 0.0) return;  // the DC stamp is the exact omega -> 0 limit
    if (electricallyShort(omega)) return loadPiEquivalent(omega, values);
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
    Eigen::MatrixXcd block = admittance(omega);
    block -= dcShunt().cast<Complex>();
    ports_.stamp(values, block, Complex(1.0));
}

// Branch form: the DC stamp's incidence stays, its series block -R l becomes -Z_s, and the
// shunt at each end becomes Y_sh.
void MtlExactAc::loadPiEquivalent(double omega, ComplexMatrixValues& values) const {
    const int n = conductors();
    const PiEquivalent pi = piEquivalent(omega);
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

} // namespace cablespice::solver
