#pragma once
#include "solver/circuit/unknown.hpp"

#include <complex>
#include <span>
#include <string_view>

namespace cablespice::solver {

// Elements whose value .sens differentiates (ARCHITECTURE B10, adjoint solves). With x the
// solution of A x = b and y the adjoint solution of A^T y = e_out (transposed, not conjugated),
// the output's derivative by the element's value p is -y^T (dA/dp) x + y^T (db/dp); each
// element forms it from the derivative of its own stamp (loadConstant, loadDc; in AC the
// matrix is G + jwC, so a C or L value's derivative carries jw). x[0] = y[0] = 0 (ground).
class SensitiveDevice {
public:
    virtual ~SensitiveDevice() = default;
    virtual double dcSensitivity(std::span<const double> x, std::span<const double> y) const = 0;
    // The same at angular frequency omega [rad/s] on the AC solution and adjoint. A source's AC
    // value is its AC magnitude (the phase is kept).
    virtual std::complex<double> acSensitivity(double omega, std::span<const std::complex<double>> x,
                                               std::span<const std::complex<double>> y) const = 0;
    // p itself: what "+1 %" of the value means in the normalized table.
    virtual double sensitivityValue() const = 0;
    virtual double acSensitivityValue() const { return sensitivityValue(); }
    // False for C and L: no effect on the DC solution, so DC .sens leaves them out (as ngspice).
    virtual bool affectsDc() const { return true; }
    // What ngspice appends to the element name for this value: "_gain" for E, F, G, H.
    virtual std::string_view sensitivitySuffix() const { return ""; }
};

// v[a] - v[b] of a solution or adjoint vector.
template <typename Scalar>
Scalar across(std::span<const Scalar> v, Unknown a, Unknown b) {
    return v[static_cast<std::size_t>(a)] - v[static_cast<std::size_t>(b)];
}

} // namespace cablespice::solver
