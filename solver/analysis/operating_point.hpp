#pragma once
#include "solver/analysis/newton.hpp"
#include "solver/circuit/circuit.hpp"
#include "solver/mna/matrix_values.hpp"
#include "solver/support/outcome.hpp"
#include "solver/support/tolerances.hpp"

#include <span>
#include <vector>

namespace cablespice::solver {

// How an operating point was reached: plain Newton-Raphson, or the homotopy SPICE falls back on
// when it fails (ngspice CKTop): gmin stepping (a shunt from every node to ground, lowered
// decade by decade to nothing), then source stepping (the sources raised from 0 to their value).
enum class OperatingPointMethod { Newton, GminStepping, SourceStepping };

const char* describe(OperatingPointMethod method);

struct OperatingPointRequest {
    std::span<const double> excitation;  // b with every source at its value (size n + 1)
    Tolerances tol;
    std::span<const NodeClamp> clamps;    // held throughout (.ic in the transient's operating point)
    std::span<const NodeClamp> nodesets;  // held for a first solve, then released (.nodeset)
    double clampConductance = 1e10;
};

// The operating point of a nonlinear circuit and what the analyses after it need: the
// Jacobians at x (G_op, C_op for .ac, linear parts included) and the nonlinear charges q_nl(x).
struct OperatingPoint {
    std::vector<double> x;
    OperatingPointMethod method = OperatingPointMethod::Newton;
    int iterations = 0;  // Newton iterations over all attempts
    LinearisedCircuit linearised;  // at x
    double gmin = 1e-12;           // across every junction at x (what the devices' currents there include)
};

class KeptFactorizations;

// The settings of a DC operating point from the deck.
struct DcSettings {
    Tolerances tol;
    std::vector<NodeClamp> nodesets;
};

// The DC operating point of any circuit (`.op`, before `.ac`): without nonlinear devices the
// linear route (one factorization, one solve; `linearised` left empty, the circuit's constant
// arrays are the AC matrices), otherwise solveNonlinearOperatingPoint with the sources' DC values.
// `kept`: a run's kept pivot orders; the linear route refactors on them when they fit.
Outcome<OperatingPoint> solveDcOperatingPoint(const Circuit& circuit, const DcSettings& settings,
                                              KeptFactorizations* kept = nullptr);

// Plain Newton from x = 0 with junctions at their starting guesses (tol.itl1 iterations); on
// failure gmin stepping, then source stepping, each step tol.itl1 iterations. The error of the
// last attempt is returned when all fail.
Outcome<OperatingPoint> solveNonlinearOperatingPoint(const Circuit& circuit, const OperatingPointRequest& request);

// The same from a caller's solver and starting point (a .dc sweep's previous point): plain
// Newton from `start` with `iterations`, then the full procedure above.
Outcome<OperatingPoint> solveNonlinearOperatingPoint(NewtonSolver& solver, const OperatingPointRequest& request,
                                                     std::span<const double> start, int iterations);

} // namespace cablespice::solver
