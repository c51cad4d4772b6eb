#include "solver/devices/skin_effect_fit.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <numbers>

namespace cablespice::solver {

namespace {

using Complex = std::complex<double>;

constexpr int kSamplesPerDecade = 40;

Complex skinShape(double omega) {
    const double rootHertz = std::sqrt(omega / (2.0 * std::numbers::pi));
    return {rootHertz, rootHertz};
}

Complex cell(double tau, double omega) {
    const Complex s(0.0, omega * tau);
    return s / (1.0 + s);
}

std::vector<double> logSpaced(double fLow, double fHigh, double perDecade) {
    std::vector<double> out;
    const double decades = std::log10(fHigh / fLow);
    const int count = static_cast<int>(std::ceil(decades * perDecade - 1e-9)) + 1;
    for (int i = 0; i < count; ++i) out.push_back(fLow * std::pow(10.0, i / perDecade));
    return out;
}

// Least squares over the cells in `active`, rows scaled by 1/|h|: Re and Im stacked.
Eigen::VectorXd solveWeights(const std::vector<double>& tau, const std::vector<bool>& active,
                             const std::vector<double>& omegas) {
    const auto cells = static_cast<Eigen::Index>(tau.size());
    const auto samples = static_cast<Eigen::Index>(omegas.size());
    Eigen::MatrixXd a = Eigen::MatrixXd::Zero(2 * samples, cells);
    Eigen::VectorXd b(2 * samples);
    for (Eigen::Index row = 0; row < samples; ++row) {
        const double w = omegas[static_cast<std::size_t>(row)];
        const Complex target = skinShape(w);
        const double scale = 1.0 / std::abs(target);
        b(2 * row) = target.real() * scale;
        b(2 * row + 1) = target.imag() * scale;
        for (Eigen::Index k = 0; k < cells; ++k) {
            if (!active[static_cast<std::size_t>(k)]) continue;
            const Complex c = cell(tau[static_cast<std::size_t>(k)], w) * scale;
            a(2 * row, k) = c.real();
            a(2 * row + 1, k) = c.imag();
        }
    }
    return a.colPivHouseholderQr().solve(b);
}

} // namespace

Complex SkinEffectFit::response(double omega) const {
    Complex sum = 0.0;
    for (std::size_t k = 0; k < tau.size(); ++k) sum += rho[k] * cell(tau[k], omega);
    return sum;
}

bool SkinEffectFit::passive() const {
    for (std::size_t k = 0; k < tau.size(); ++k)
        if (!(rho[k] >= 0.0) || !(tau[k] > 0.0)) return false;
    return true;
}

SkinEffectFit fitSkinEffect(double fLowHertz, double fHighHertz) {
    assert(fLowHertz > 0.0 && fHighHertz > fLowHertz && "a band to fit");
    SkinEffectFit fit;
    for (double f : logSpaced(fLowHertz / 10.0, fHighHertz * 10.0, kSkinFitPolesPerDecade))
        fit.tau.push_back(1.0 / (2.0 * std::numbers::pi * f));
    std::vector<double> omegas;
    for (double f : logSpaced(fLowHertz, fHighHertz, kSamplesPerDecade)) omegas.push_back(2.0 * std::numbers::pi * f);

    // Active set: a negative weight's cell is dropped and the rest refitted (each pass drops one,
    // so this ends); the basis is chosen so that none normally is.
    std::vector<bool> active(fit.tau.size(), true);
    for (;;) {
        const Eigen::VectorXd x = solveWeights(fit.tau, active, omegas);
        Eigen::Index worst = 0;
        const double lowest = x.minCoeff(&worst);
        if (lowest >= 0.0) {
            fit.rho.assign(x.data(), x.data() + x.size());
            break;
        }
        active[static_cast<std::size_t>(worst)] = false;
    }
    SkinEffectFit kept;  // without the dropped cells: no unknowns for them
    for (std::size_t k = 0; k < fit.rho.size(); ++k)
        if (active[k]) {
            kept.tau.push_back(fit.tau[k]);
            kept.rho.push_back(fit.rho[k]);
        }
    return kept;
}

} // namespace cablespice::solver
