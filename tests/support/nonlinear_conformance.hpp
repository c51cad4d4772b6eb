#pragma once
// Conformance checks for NonlinearDevices (ARCHITECTURE B8): on a finalized circuit, at a given
// iterate x, the device's G = df/dx and C = dq/dx must match central finite differences of its
// own f and q; its equivalents must be f - G v and q - C v at the evaluated point; its currents
// and charges must sum to zero over the node rows (KCL). Loads run without limiting, so the
// device is evaluated at x itself; a non-zero timeStep loads it as a transient step of that size
// from its accepted state (a BJT's excess phase), the derivatives being the present iterate's.
#include "solver/circuit/circuit.hpp"
#include "solver/circuit/device.hpp"
#include "solver/mna/matrix_values.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <span>
#include <vector>

namespace cablespice::test {

struct NonlinearLoadResult {
    solver::MatrixValues g, c;
    std::vector<double> f, q, fEquivalent, qEquivalent;
};

// The device alone (linear parts not included), loaded at x without limiting.
inline NonlinearLoadResult loadNonlinearAt(const solver::Circuit& circuit, solver::NonlinearDevice& device,
                                           std::span<const double> x, double gmin = 1e-12, double timeStep = 0.0) {
    const auto size = static_cast<std::size_t>(circuit.unknownCount()) + 1;
    NonlinearLoadResult r{solver::MatrixValues(circuit.pattern().nnz()), solver::MatrixValues(circuit.pattern().nnz()),
                          std::vector<double>(size), std::vector<double>(size), std::vector<double>(size),
                          std::vector<double>(size)};
    solver::NonlinearLoad load{x, r.g, r.c, r.f, r.q, r.fEquivalent, r.qEquivalent, gmin, false, false, 0};
    load.timeStep = timeStep;
    device.loadNonlinear(load);
    return r;
}

// Jacobian against central differences of f and q, column by column, with a relative step.
// Besides the relative tolerance, an entry may differ by the difference's own round-off: a few
// ulps of the row's f (or q) over 2h (a small derivative in a row carrying a large current
// cannot be resolved more finely than that). `charges` false checks G alone (a device whose
// capacitances are not derivatives of its charges, as a MOSFET's Meyer capacitances).
inline void checkNonlinearJacobian(const solver::Circuit& circuit, solver::NonlinearDevice& device,
                                   std::vector<double> x, double relativeTolerance = 1e-6, bool charges = true,
                                   double timeStep = 0.0) {
    const auto base = loadNonlinearAt(circuit, device, x, 1e-12, timeStep);
    const int n = circuit.unknownCount();
    for (int column = 1; column <= n; ++column) {
        const auto j = static_cast<std::size_t>(column);
        const double h = 1e-7 * std::max(1.0, std::abs(x[j]));
        const double saved = x[j];
        x[j] = saved + h;
        const auto plus = loadNonlinearAt(circuit, device, x, 1e-12, timeStep);
        x[j] = saved - h;
        const auto minus = loadNonlinearAt(circuit, device, x, 1e-12, timeStep);
        x[j] = saved;
        for (int row = 1; row <= n; ++row) {
            const auto i = static_cast<std::size_t>(row);
            const double dfdx = (plus.f[i] - minus.f[i]) / (2.0 * h);
            const double dqdx = (plus.q[i] - minus.q[i]) / (2.0 * h);
            // An entry the device's pattern lacks must have zero derivatives (contains() first:
            // slot() asserts on undeclared entries).
            const bool declared = circuit.pattern().contains(row, column);
            const auto slot = declared ? circuit.pattern().slot(row, column) : 0;
            const double g = declared ? base.g[slot] : 0.0;
            const double c = declared ? base.c[slot] : 0.0;
            constexpr double kUlps = 8.0 * std::numeric_limits<double>::epsilon();
            const double roundoffF = kUlps * (std::abs(plus.f[i]) + std::abs(minus.f[i])) / (2.0 * h);
            const double roundoffQ = kUlps * (std::abs(plus.q[i]) + std::abs(minus.q[i])) / (2.0 * h);
            INFO("row " << row << " column " << column << " at x[col] = " << saved);
            CHECK(std::abs(g - dfdx) <= relativeTolerance * std::max(std::abs(g), std::abs(dfdx)) + roundoffF + 1e-15);
            if (charges)
                CHECK(std::abs(c - dqdx) <= relativeTolerance * std::max(std::abs(c), std::abs(dqdx)) + roundoffQ + 1e-24);
        }
    }
}

// fEquivalent = f - G x and qEquivalent = q - C x row by row; node rows of f and q sum to zero.
inline void checkNonlinearEquivalents(const solver::Circuit& circuit, solver::NonlinearDevice& device,
                                      const std::vector<double>& x, double timeStep = 0.0) {
    const auto r = loadNonlinearAt(circuit, device, x, 1e-12, timeStep);
    const auto& pattern = circuit.pattern();
    const auto size = x.size();
    std::vector<double> gx(size, 0.0), cx(size, 0.0);
    for (int column = 0; column < pattern.size(); ++column)
        for (int k = pattern.columnPointers()[static_cast<std::size_t>(column)];
             k < pattern.columnPointers()[static_cast<std::size_t>(column) + 1]; ++k) {
            const auto row = static_cast<std::size_t>(pattern.rowIndices()[static_cast<std::size_t>(k)]) + 1;
            gx[row] += r.g[k] * x[static_cast<std::size_t>(column) + 1];
            cx[row] += r.c[k] * x[static_cast<std::size_t>(column) + 1];
        }
    double fSum = 0.0, qSum = 0.0, fScale = 0.0, qScale = 0.0;
    for (std::size_t u = 1; u < size; ++u) {
        CHECK_THAT(r.fEquivalent[u], Catch::Matchers::WithinAbs(r.f[u] - gx[u], 1e-12 * (std::abs(r.f[u]) + std::abs(gx[u])) + 1e-30));
        CHECK_THAT(r.qEquivalent[u], Catch::Matchers::WithinAbs(r.q[u] - cx[u], 1e-12 * (std::abs(r.q[u]) + std::abs(cx[u])) + 1e-40));
        if (circuit.nodes().type(static_cast<solver::Unknown>(u)) != solver::UnknownType::Voltage) continue;
        fSum += r.f[u];
        qSum += r.q[u];
        fScale = std::max(fScale, std::abs(r.f[u]));
        qScale = std::max(qScale, std::abs(r.q[u]));
    }
    CHECK(std::abs(fSum) <= 1e-12 * fScale);
    CHECK(std::abs(qSum) <= 1e-12 * qScale);
}

} // namespace cablespice::test
