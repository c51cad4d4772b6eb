#pragma once
#include <array>
#include <cmath>

namespace cablespice::solver {

// A value with its derivatives by the three bias voltages of a FET (vgs, vds, vbs): forward-mode
// automatic differentiation for channel equations whose hand-written derivatives would be long
// (the MOSFET's level 3). Comparisons look at the value only, so a branch picks its derivatives
// with it.
struct BiasDual {
    double value = 0.0;
    std::array<double, 3> d{};  // d/dvgs, d/dvds, d/dvbs

    BiasDual() = default;
    BiasDual(double v) : value(v) {}  // NOLINT: a constant converts implicitly
    BiasDual(double v, int variable) : value(v) { d[static_cast<std::size_t>(variable)] = 1.0; }

    friend BiasDual scaledSum(const BiasDual& a, double ka, const BiasDual& b, double kb, double value) {
        BiasDual r(value);
        for (std::size_t i = 0; i < 3; ++i) r.d[i] = ka * a.d[i] + kb * b.d[i];
        return r;
    }
    friend BiasDual operator+(const BiasDual& a, const BiasDual& b) { return scaledSum(a, 1.0, b, 1.0, a.value + b.value); }
    friend BiasDual operator-(const BiasDual& a, const BiasDual& b) { return scaledSum(a, 1.0, b, -1.0, a.value - b.value); }
    friend BiasDual operator*(const BiasDual& a, const BiasDual& b) {
        return scaledSum(a, b.value, b, a.value, a.value * b.value);
    }
    friend BiasDual operator/(const BiasDual& a, const BiasDual& b) {
        const double q = a.value / b.value;
        return scaledSum(a, 1.0 / b.value, b, -q / b.value, q);
    }
    friend BiasDual operator-(const BiasDual& a) { return scaledSum(a, -1.0, a, 0.0, -a.value); }
    friend bool operator<(const BiasDual& a, const BiasDual& b) { return a.value < b.value; }
    friend bool operator<=(const BiasDual& a, const BiasDual& b) { return a.value <= b.value; }
    friend bool operator>(const BiasDual& a, const BiasDual& b) { return a.value > b.value; }
};

inline BiasDual chain(const BiasDual& a, double value, double derivative) {
    BiasDual r(value);
    for (std::size_t i = 0; i < 3; ++i) r.d[i] = derivative * a.d[i];
    return r;
}
inline BiasDual sqrt(const BiasDual& a) {
    const double root = std::sqrt(a.value);
    return chain(a, root, 0.5 / root);
}
inline BiasDual exp(const BiasDual& a) {
    const double e = std::exp(a.value);
    return chain(a, e, e);
}
inline BiasDual log(const BiasDual& a) { return chain(a, std::log(a.value), 1.0 / a.value); }
inline BiasDual atan(const BiasDual& a) { return chain(a, std::atan(a.value), 1.0 / (1.0 + a.value * a.value)); }
inline BiasDual cos(const BiasDual& a) { return chain(a, std::cos(a.value), -std::sin(a.value)); }
inline BiasDual abs(const BiasDual& a) { return a.value < 0.0 ? -a : a; }
// |a|^(1/3) as exp(log|a| / 3), SPICE's real cube root of a magnitude.
inline BiasDual cubeRootOfMagnitude(const BiasDual& a) { return exp(log(abs(a)) / 3.0); }

// As SPICE's MAX and MIN: on a tie, the second argument.
inline const BiasDual& max(const BiasDual& a, const BiasDual& b) { return a.value > b.value ? a : b; }
inline const BiasDual& min(const BiasDual& a, const BiasDual& b) { return a.value < b.value ? a : b; }

} // namespace cablespice::solver
