#pragma once
#include <complex>
#include <vector>

namespace cablespice::solver {

// The dielectric loss GD f (the W element's Y = G + GD f + jwC, per unit GD) as a causal,
// passive network: Debye cells (a conductance sigma_k in series with a capacitance
// sigma_k tau_k) in parallel, minus a fixed capacitance kappa:
//   d(jw) = sum_k sigma_k jw tau_k / (1 + jw tau_k) - jw kappa
// With time constants log-spaced by Delta in ln(tau) and sigma_k = Delta / (pi^2 tau_k) the
// real part is f to within the cells' ripple (4 exp(-pi^2/Delta), 0.08 % at two per decade)
// over the band; the cells span two decades beyond the band on each side.
//
// A loss growing as f with a constant capacitance is not causal (Kramers-Kronig): any causal
// network with that real part has a capacitance falling with frequency, by
// ln(f_top/f)/pi^2 per unit GD here. kappa removes it at the band's logarithmic centre, so over
// the band the capacitance is within +-ln(fHigh/fLow)/(2 pi^2) GD of the constant one:
// +-0.70 GD for 10 Hz-10 MHz, i.e. +-4.4 tand of C (0.09 % for polyethylene, tand 2e-4).
// The lumped line uses C - kappa GD, which must stay positive definite (checked by the caller).
struct DielectricLossFit {
    std::vector<double> tau;    // s
    std::vector<double> sigma;  // S per unit GD [S/Hz]: the cell's conductance
    double kappa = 0.0;         // F per unit GD: the capacitance the cells add at the band's centre

    std::complex<double> response(double omega) const;
    bool passive() const;  // every sigma_k > 0 and tau_k > 0
};

inline constexpr double kDielectricFitCellsPerDecade = 2.0;

DielectricLossFit fitDielectricLoss(double fLowHertz, double fHighHertz);

} // namespace cablespice::solver
