#include "solver/devices/mtl_parameters.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>

namespace cablespice::solver {

namespace {

std::optional<std::string> checkShape(const Eigen::MatrixXd& m, int n, const char* name) {
    if (m.rows() != n || m.cols() != n)
        return std::string(name) + " must be " + std::to_string(n) + "x" + std::to_string(n);
    if (!m.allFinite()) return std::string(name) + " has a non-finite entry";
    const double scale = std::max(m.cwiseAbs().maxCoeff(), 1e-300);
    if ((m - m.transpose()).cwiseAbs().maxCoeff() > 1e-12 * scale) return std::string(name) + " is not symmetric";
    return std::nullopt;
}

bool positiveDefinite(const Eigen::MatrixXd& m) {
    Eigen::LLT<Eigen::MatrixXd> llt(m);
    return llt.info() == Eigen::Success;
}

bool positiveSemidefinite(const Eigen::MatrixXd& m) {
    if (m.isZero(0.0)) return true;
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(m, Eigen::EigenvaluesOnly);
    return eig.eigenvalues().minCoeff() >= -1e-12 * eig.eigenvalues().cwiseAbs().maxCoeff();
}

} // namespace

std::optional<std::string> checkMtlParameters(const MtlParameters& p) {
    const int n = p.conductors();
    if (n < 1) return "a line needs at least one conductor";
    if (auto bad = checkShape(p.r, n, "R")) return bad;
    if (auto bad = checkShape(p.l, n, "L")) return bad;
    if (auto bad = checkShape(p.g, n, "G")) return bad;
    if (auto bad = checkShape(p.c, n, "C")) return bad;
    if (!positiveDefinite(p.l)) return "L is not positive definite (check the mutual terms: |L12| < sqrt(L11 L22))";
    if (!positiveDefinite(p.c)) return "C is not positive definite";
    if (!positiveSemidefinite(p.r)) return "R is not positive semidefinite";
    if (!positiveSemidefinite(p.g)) return "G is not positive semidefinite";
    if (p.rs.size() > 0) {
        if (auto bad = checkShape(p.rs, n, "RS")) return bad;
        if (!positiveSemidefinite(p.rs)) return "RS is not positive semidefinite";
    }
    if (p.gd.size() > 0) {
        if (auto bad = checkShape(p.gd, n, "GD")) return bad;
        if (!positiveSemidefinite(p.gd)) return "GD is not positive semidefinite";
    }
    for (int i = 0; i < n; ++i) {
        double offDiagonal = 0.0;
        for (int j = 0; j < n; ++j)
            if (j != i) {
                if (p.c(i, j) > 1e-12 * p.c(i, i))
                    return "C is not a Maxwell matrix: off-diagonal C(" + std::to_string(i + 1) + "," +
                           std::to_string(j + 1) + ") must be <= 0 (minus the mutual capacitance)";
                offDiagonal += std::abs(p.c(i, j));
            }
        if (p.c(i, i) < offDiagonal * (1.0 - 1e-12))
            return "C is not diagonally dominant in row " + std::to_string(i + 1) +
                   " (a negative capacitance to the reference)";
    }
    return std::nullopt;
}

Eigen::MatrixXcd seriesImpedancePerMetre(const MtlParameters& p, double omega) {
    using Complex = std::complex<double>;
    Eigen::MatrixXcd z = p.r.cast<Complex>() + Complex(0.0, omega) * p.l.cast<Complex>();
    if (p.rs.size() > 0) {
        const double sqrtHertz = std::sqrt(std::abs(omega) / (2.0 * std::numbers::pi));
        z += Complex(sqrtHertz, std::copysign(sqrtHertz, omega)) * p.rs.cast<Complex>();
    }
    return z;
}

Eigen::MatrixXcd shuntAdmittancePerMetre(const MtlParameters& p, double omega) {
    using Complex = std::complex<double>;
    Eigen::MatrixXcd y = p.g.cast<Complex>() + Complex(0.0, omega) * p.c.cast<Complex>();
    if (p.gd.size() > 0) y += (std::abs(omega) / (2.0 * std::numbers::pi)) * p.gd.cast<Complex>();
    return y;
}

double slowestDelayPerMetre(const MtlParameters& p) {
    // eig(LC) = eig(U^T C U) with L = U U^T (symmetric, real, >= 0).
    Eigen::LLT<Eigen::MatrixXd> llt(p.l);
    Eigen::MatrixXd u = llt.matrixL();
    Eigen::MatrixXd s = u.transpose() * p.c * u;
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(0.5 * (s + s.transpose()), Eigen::EigenvaluesOnly);
    return std::sqrt(std::max(eig.eigenvalues().maxCoeff(), 0.0));
}

int autoSections(const MtlParameters& p, double lengthMetres, double fMaxHertz, int minimumSections,
                 double sectionsPerWavelength) {
    if (!(fMaxHertz > 0.0)) return minimumSections;
    const double wanted = sectionsPerWavelength * lengthMetres * fMaxHertz * slowestDelayPerMetre(p);
    const double capped = std::min(wanted, 1e6);
    return std::max(minimumSections, static_cast<int>(std::ceil(capped)));
}

} // namespace cablespice::solver
