#include "solver/analysis/operating_point.hpp"

#include "solver/analysis/kept_factorizations.hpp"

#include "solver/analysis/dc_system.hpp"

#include <algorithm>
#include <cmath>

namespace cablespice::solver {

const char* describe(OperatingPointMethod method) {
    switch (method) {
    case OperatingPointMethod::Newton: return "Newton-Raphson";
    case OperatingPointMethod::GminStepping: return "gmin stepping";
    case OperatingPointMethod::SourceStepping: return "source stepping";
    }
    return "Newton-Raphson";
}

namespace {

// gmin stepping starts with this shunt on every node and divides it by kGminFactor per success
// (a failed step retries with the square root of the factor, as ngspice's dynamic gmin does).
constexpr double kFirstShunt = 1e-2;
constexpr double kGminFactor = 10.0;
constexpr double kSmallestGminFactor = 1.00005;
constexpr int kMostGminSteps = 1000;
// Source stepping: the first raise, the largest, and the smallest before giving up.
constexpr double kFirstSourceStep = 0.1;
constexpr double kLargestSourceStep = 0.5;
constexpr double kSmallestSourceStep = 1e-4;

class Homotopy {
public:
    Homotopy(NewtonSolver& solver, const OperatingPointRequest& request)
        : solver_(solver), request_(request), rhs_(request.excitation.begin(), request.excitation.end()) {}

    Outcome<Done> newton(std::vector<double>& x, double shunt, bool initialJunction,
                         std::span<const NodeClamp> clamps) {
        NewtonProblem problem;
        problem.rhs = rhs_;
        problem.nodeShunt = shunt;
        problem.clamps = clamps;
        problem.clampConductance = request_.clampConductance;
        problem.gmin = request_.tol.gmin;
        problem.maxIterations = request_.tol.itl1;
        problem.initialJunction = initialJunction;
        auto solved = solver_.solve(problem, x);
        if (!solved) return solved.error();
        return Done{};
    }

    // Newton from `x`, with the nodesets held for a first solve when there are any.
    Outcome<Done> plain(std::vector<double>& x, bool initialJunction) {
        if (!request_.nodesets.empty()) {
            std::vector<NodeClamp> held(request_.clamps.begin(), request_.clamps.end());
            held.insert(held.end(), request_.nodesets.begin(), request_.nodesets.end());
            if (auto first = newton(x, 0.0, initialJunction, held); !first) return first;
            initialJunction = false;
        }
        return newton(x, 0.0, initialJunction, request_.clamps);
    }

    Outcome<Done> gminStepping(std::vector<double>& x) {
        double shunt = kFirstShunt;
        double factor = kGminFactor;
        if (auto first = newton(x, shunt, true, request_.clamps); !first) return first;
        std::vector<double> good = x;
        for (int step = 0; shunt > request_.tol.gmin && step < kMostGminSteps; ++step) {
            const double next = std::max(shunt / factor, request_.tol.gmin);
            if (newton(x, next, false, request_.clamps)) {
                good = x;
                shunt = next;
                factor = std::min(kGminFactor, factor * factor);  // regain speed after a cut
                continue;
            }
            x = good;
            factor = std::sqrt(factor);
            if (factor < kSmallestGminFactor) break;
        }
        return newton(x, 0.0, false, request_.clamps);
    }

    Outcome<Done> sourceStepping(std::vector<double>& x) {
        scaleSources(0.0);
        if (auto first = newton(x, 0.0, true, request_.clamps); !first) return first;
        std::vector<double> good = x;
        double scale = 0.0, step = kFirstSourceStep;
        Outcome<Done> last = Done{};
        while (scale < 1.0) {
            const double next = std::min(1.0, scale + step);
            scaleSources(next);
            last = newton(x, 0.0, false, request_.clamps);
            if (last) {
                good = x;
                scale = next;
                step = std::min(2.0 * step, kLargestSourceStep);
                continue;
            }
            x = good;
            step /= 4.0;
            if (step < kSmallestSourceStep) return last;
        }
        return Done{};
    }

private:
    void scaleSources(double scale) {
        for (std::size_t u = 0; u < rhs_.size(); ++u) rhs_[u] = scale * request_.excitation[u];
    }

    NewtonSolver& solver_;
    const OperatingPointRequest& request_;
    std::vector<double> rhs_;
};

OperatingPoint result(const NewtonSolver& solver, std::vector<double> x, OperatingPointMethod method, int before,
                      double gmin) {
    OperatingPoint op;
    op.gmin = gmin;
    op.x = std::move(x);
    op.method = method;
    op.iterations = solver.totalIterations() - before;
    op.linearised.g = solver.jacobianG();
    op.linearised.c = solver.jacobianC();
    op.linearised.charge.assign(solver.nonlinearCharge().begin(), solver.nonlinearCharge().end());
    op.linearised.x = op.x;
    return op;
}

// The fallbacks after plain Newton failed with `failure` (returned when both are switched off).
Outcome<OperatingPoint> stepped(NewtonSolver& solver, const OperatingPointRequest& request, std::vector<double> x,
                                int before, Outcome<Done> failure) {
    Homotopy homotopy(solver, request);
    if (request.tol.gminSteps > 0) {
        failure = homotopy.gminStepping(x);
        if (failure) return result(solver, std::move(x), OperatingPointMethod::GminStepping, before, request.tol.gmin);
    }
    if (request.tol.sourceSteps > 0) {
        failure = homotopy.sourceStepping(x);
        if (failure) return result(solver, std::move(x), OperatingPointMethod::SourceStepping, before, request.tol.gmin);
    }
    return failure.error();
}

// Plain Newton from `x` (from the junctions' starting guesses), unless .options noopiter.
Outcome<Done> plainFromStart(NewtonSolver& solver, const OperatingPointRequest& request, std::vector<double>& x) {
    if (request.tol.noOpIter)
        return SolveError{SolveErrorKind::NoConvergence, "plain Newton skipped (.options noopiter)"};
    Homotopy homotopy(solver, request);
    return homotopy.plain(x, true);
}

} // namespace

Outcome<OperatingPoint> solveNonlinearOperatingPoint(NewtonSolver& solver, const OperatingPointRequest& request,
                                                     std::span<const double> start, int iterations) {
    const int before = solver.totalIterations();
    std::vector<double> x(start.begin(), start.end());
    OperatingPointRequest first = request;
    first.tol.itl1 = iterations;
    Homotopy homotopy(solver, first);
    if (homotopy.plain(x, false)) return result(solver, std::move(x), OperatingPointMethod::Newton, before, request.tol.gmin);
    std::vector<double> zero(start.size(), 0.0);
    auto plain = plainFromStart(solver, request, zero);
    if (plain) return result(solver, std::move(zero), OperatingPointMethod::Newton, before, request.tol.gmin);
    return stepped(solver, request, std::move(zero), before, plain);
}

Outcome<OperatingPoint> solveNonlinearOperatingPoint(const Circuit& circuit, const OperatingPointRequest& request) {
    NewtonSolver solver(circuit, circuit.dcSymbolic(), circuit.dcSymbolic().settings(), request.tol);
    const int before = solver.totalIterations();
    std::vector<double> x(request.excitation.size(), 0.0);
    auto plain = plainFromStart(solver, request, x);
    if (plain) return result(solver, std::move(x), OperatingPointMethod::Newton, before, request.tol.gmin);
    return stepped(solver, request, std::move(x), before, plain);
}

Outcome<OperatingPoint> solveDcOperatingPoint(const Circuit& circuit, const DcSettings& settings,
                                              KeptFactorizations* kept) {
    if (circuit.isLinear()) {
        if (kept)
            if (auto x = kept->linearOperatingPoint(circuit)) {
                OperatingPoint op;
                op.x = std::move(*x);
                return op;
            }
        auto x = solveOperatingPoint(circuit);
        if (!x) return x.error();
        OperatingPoint op;
        op.x = std::move(x.value());
        return op;
    }
    std::vector<double> b(static_cast<std::size_t>(circuit.unknownCount()) + 1, 0.0);
    for (const auto* source : circuit.excitations()) source->loadDc(b, 1.0);
    b[0] = 0.0;
    OperatingPointRequest request;
    request.excitation = b;
    request.tol = settings.tol;
    request.nodesets = settings.nodesets;
    return solveNonlinearOperatingPoint(circuit, request);
}

} // namespace cablespice::solver
