#include "solver/devices/dielectric_loss_fit.hpp"

#include <cassert>
#include <cmath>
#include <numbers>

namespace cablespice::solver {

namespace {

using Complex = std::complex<double>;

constexpr double kDecadesBeyondBand = 2.0;

Complex cell(double tau, double omega) {
    const Complex s(0.0, omega * tau);
    return s / (1.0 + s);
}

} // namespace

Complex DielectricLossFit::response(double omega) const {
    Complex sum(0.0, -omega * kappa);
    for (std::size_t k = 0; k < tau.size(); ++k) sum += sigma[k] * cell(tau[k], omega);
    return sum;
}

bool DielectricLossFit::passive() const {
    for (std::size_t k = 0; k < tau.size(); ++k)
        if (!(sigma[k] > 0.0) || !(tau[k] > 0.0)) return false;
    return true;
}

DielectricLossFit fitDielectricLoss(double fLowHertz, double fHighHertz) {
    assert(fLowHertz > 0.0 && fHighHertz > fLowHertz && "a band to fit");
    const double delta = std::log(10.0) / kDielectricFitCellsPerDecade;
    const double lowest = fLowHertz * std::pow(10.0, -kDecadesBeyondBand);
    const double decades = std::log10(fHighHertz / fLowHertz) + 2.0 * kDecadesBeyondBand;
    const int cells = static_cast<int>(std::ceil(decades * kDielectricFitCellsPerDecade - 1e-9)) + 1;
    DielectricLossFit fit;
    for (int k = 0; k < cells; ++k) {
        const double tau = 1.0 / (2.0 * std::numbers::pi * lowest * std::exp(k * delta));
        fit.tau.push_back(tau);
        fit.sigma.push_back(delta / (std::numbers::pi * std::numbers::pi * tau));
    }
    const double centre = 2.0 * std::numbers::pi * std::sqrt(fLowHertz * fHighHertz);
    fit.kappa = fit.response(centre).imag() / centre;
    return fit;
}

} // namespace cablespice::solver
