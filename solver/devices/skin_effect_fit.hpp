#pragma once
#include <complex>
#include <vector>

namespace cablespice::solver {

// The skin effect's frequency shape, sqrt(f)(1+j) = sqrt(jw/pi) (the W element's
// RS sqrt(f)(1+j) per unit RS), as a Foster chain of parallel R-L cells:
//   h(jw) = sum_k rho_k jw tau_k / (1 + jw tau_k)
// cell k being R = rho_k RS in parallel with L = rho_k tau_k RS (the "ladder" skin-effect
// models). Every rho_k >= 0 by construction, so each cell, and for a positive semidefinite RS
// matrix the whole chain, is passive: Re h >= 0 at every frequency, h(0) = 0 (the DC
// resistance is R alone).
//
// Poles log-spaced at kPolesPerDecade from a decade below the band to a decade above it; the
// weights are the least-squares fit of h over the band, relative to |h| (Re and Im alike),
// refitted without any weight that came out negative until none does.
struct SkinEffectFit {
    std::vector<double> tau;  // s, one per cell
    std::vector<double> rho;  // sqrt(Hz): the cell's R per unit RS

    std::complex<double> response(double omega) const;
    bool passive() const;  // every rho_k >= 0 and tau_k > 0
};

inline constexpr double kSkinFitPolesPerDecade = 2.0;
inline constexpr double kSkinFitLowHertz = 10.0;
inline constexpr double kSkinFitHighHertz = 10e6;

SkinEffectFit fitSkinEffect(double fLowHertz = kSkinFitLowHertz, double fHighHertz = kSkinFitHighHertz);

} // namespace cablespice::solver
