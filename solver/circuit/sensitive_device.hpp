#pragma once
#include "solver/circuit/unknown.hpp"

#include <span>
#include <string_view>

namespace cablespice::solver {

// Elements whose value .sens differentiates (ARCHITECTURE B10, adjoint solves). With x the DC
// solution of A x = b and y the adjoint solution of A^T y = e_out, the output's derivative by
// the element's value p is -y^T (dA/dp) x + y^T (db/dp); each element forms it from the
// derivative of its own stamp (loadConstant, loadDc). x[0] = y[0] = 0 (ground).
class SensitiveDevice {
public:
    virtual ~SensitiveDevice() = default;
    virtual double dcSensitivity(std::span<const double> x, std::span<const double> y) const = 0;
    // What ngspice appends to the element name for this value: "_gain" for E, F, G, H.
    virtual std::string_view sensitivitySuffix() const { return ""; }
};

// v[a] - v[b] of a solution or adjoint vector.
inline double across(std::span<const double> v, Unknown a, Unknown b) { return v[a] - v[b]; }

} // namespace cablespice::solver
