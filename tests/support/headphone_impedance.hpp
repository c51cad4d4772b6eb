#pragma once
// Closed-form impedances of the headphone models in netlists/lib/headphones.lib, written out
// from their documented parameters (for tests; never from the simulator).
#include <complex>
#include <numbers>

namespace cablespice::testing {

// HP_DYNAMIC: re + j w le + (RES || CMES || LCES), RES = re*qms/qes, CMES = qes/(2 pi fs re),
// LCES = 1/((2 pi fs)^2 CMES).
inline std::complex<double> dynamicImpedance(double f, double re, double le, double fs, double qms, double qes) {
    constexpr double pi = std::numbers::pi;
    const double w = 2 * pi * f, res = re * qms / qes, cmes = qes / (2 * pi * fs * re);
    const double lces = 1 / ((2 * pi * fs) * (2 * pi * fs) * cmes);
    const std::complex<double> j(0, 1);
    return re + j * w * le + 1.0 / (1.0 / res + j * w * cmes + 1.0 / (j * w * lces));
}

// HP_BA: rdc + (j w l1 || r1) + (j w l2 || r2) + (rr || Lr || Cr), Lr = rr/(qr 2 pi fr),
// Cr = qr/(2 pi fr rr). Defaults are HP_BA1's values.
inline std::complex<double> baImpedance(double f, double rdc = 20, double l1 = 1.5e-3, double r1 = 30, double l2 = 0.5e-3,
                                        double r2 = 60, double fr = 2.5e3, double rr = 10, double qr = 2) {
    constexpr double pi = std::numbers::pi;
    const double w = 2 * pi * f, lr = rr / (qr * 2 * pi * fr), cr = qr / (2 * pi * fr * rr);
    const std::complex<double> j(0, 1);
    auto parallel = [](std::complex<double> a, std::complex<double> b) { return a * b / (a + b); };
    return rdc + parallel(j * w * l1, r1) + parallel(j * w * l2, r2) + 1.0 / (1.0 / rr + 1.0 / (j * w * lr) + j * w * cr);
}

} // namespace cablespice::testing
