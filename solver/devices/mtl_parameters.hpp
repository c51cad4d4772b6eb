#pragma once
#include <Eigen/Dense>

#include <optional>
#include <string>

namespace cablespice::solver {

// Per-unit-length parameters of an N-conductor line (multiconductor transmission-line theory,
// e.g. C. R. Paul, "Analysis of Multiconductor Transmission Lines"). Voltages are measured
// against a reference conductor that is not one of the N; every matrix is N x N and symmetric:
//   r  series resistance  [ohm/m]  (the reference's resistance appears as common off-diagonal terms)
//   l  series inductance  [H/m]    (loop inductances against the reference)
//   g  shunt conductance  [S/m]    Maxwell form
//   c  shunt capacitance  [F/m]    Maxwell form: c(i,i) = total capacitance of conductor i,
//                                  c(i,j) = -(capacitance between i and j) <= 0
//
// Frequency-dependent terms (HSPICE W element form), N x N and symmetric like R and G; an empty
// matrix stands for zero:
//   rs  skin-effect resistance [ohm/m/sqrt(Hz)]  Z(f) = R + jwL + RS sqrt(f) (1 + j)
//   gd  dielectric conductance [S/m/Hz]         Y(f) = G + GD f + jwC
// Both vanish at f = 0, so the DC solution depends on R and G alone.
struct MtlParameters {
    Eigen::MatrixXd r, l, g, c;
    Eigen::MatrixXd rs, gd;

    int conductors() const { return static_cast<int>(l.rows()); }
    bool hasSkinEffect() const { return rs.size() > 0 && !rs.isZero(0.0); }
    bool hasDielectricLoss() const { return gd.size() > 0 && !gd.isZero(0.0); }
    bool frequencyDependent() const { return hasSkinEffect() || hasDielectricLoss(); }
};

// Z(w) and Y(w) per metre (formulas above), w in rad/s.
Eigen::MatrixXcd seriesImpedancePerMetre(const MtlParameters& p, double omega);
Eigen::MatrixXcd shuntAdmittancePerMetre(const MtlParameters& p, double omega);

// What is wrong with the parameters, or nullopt: square N x N, finite, symmetric, L and C
// positive definite (Cholesky), R and G positive semidefinite, C diagonally dominant
// (every partial capacitance to the reference is >= 0); RS and GD, when given, N x N, finite,
// symmetric and positive semidefinite (so Re Z and Re Y stay >= 0: the line is passive).
std::optional<std::string> checkMtlParameters(const MtlParameters& p);

// sqrt(largest eigenvalue of L*C) [s/m]: the delay per metre of the slowest mode.
double slowestDelayPerMetre(const MtlParameters& p);

// sections=auto: the smallest n with n >= sectionsPerWavelength * length * fMax * sqrt(max eig(LC)),
// i.e. at least `sectionsPerWavelength` sections per wavelength of the slowest mode at fMax,
// and never fewer than minimumSections. fMax <= 0 (no frequency of interest) gives the minimum.
int autoSections(const MtlParameters& p, double lengthMetres, double fMaxHertz, int minimumSections = 10,
                 double sectionsPerWavelength = 10.0);

} // namespace cablespice::solver
