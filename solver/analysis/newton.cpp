#include "solver/analysis/newton.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>

namespace cablespice::solver {

LinearisedCircuit lineariseAt(const Circuit& circuit, std::span<const double> x, double gmin) {
    const auto size = static_cast<std::size_t>(circuit.unknownCount()) + 1;
    LinearisedCircuit result{circuit.gConstant(), circuit.cConstant(), std::vector<double>(size, 0.0),
                             std::vector<double>(x.begin(), x.end())};
    std::vector<double> f(size, 0.0), fEquivalent(size, 0.0), qEquivalent(size, 0.0);
    NonlinearLoad load{x, result.g, result.c, f, result.charge, fEquivalent, qEquivalent, gmin, false, false, 0};
    for (auto* device : circuit.nonlinearDevices()) device->loadNonlinear(load);
    return result;
}

NewtonSolver::NewtonSolver(const Circuit& circuit, const KluSymbolic& symbolic, const KluSettings& settings,
                           const Tolerances& tolerances)
    : circuit_(circuit), tol_(tolerances), numeric_(symbolic, settings), a_(circuit.pattern().nnz()) {
    const auto size = static_cast<std::size_t>(circuit.unknownCount()) + 1;
    for (auto* buffer : {&f_, &q_, &fEquivalent_, &qEquivalent_, &residual_, &scale_, &next_, &ratio_}) buffer->assign(size, 0.0);
    currentRow_.assign(size, false);
    diagonal_.assign(size, 0);
    for (int u = 1; u < static_cast<int>(size); ++u) {
        currentRow_[static_cast<std::size_t>(u)] = circuit.nodes().type(u) == UnknownType::Current;
        diagonal_[static_cast<std::size_t>(u)] = circuit.pattern().slot(u, u);
    }
}

int NewtonSolver::loadDevices(const NewtonProblem& problem, std::span<const double> x, bool limit,
                              bool initialJunction, bool firstIteration) {
    g_ = circuit_.gConstant();
    c_ = circuit_.cConstant();
    for (auto* buffer : {&f_, &q_, &fEquivalent_, &qEquivalent_}) std::fill(buffer->begin(), buffer->end(), 0.0);
    NonlinearLoad load{x, g_, c_, f_, q_, fEquivalent_, qEquivalent_, problem.gmin, limit, initialJunction, 0,
                       firstIteration, problem.time};
    load.timeStep = problem.timeStep;
    if (problem.bypass && limit && !firstIteration) load.bypass = &tol_;
    for (auto* device : circuit_.nonlinearDevices()) device->loadNonlinear(load);
    outOfDomain_ = load.outOfDomain;
    return load.limited;
}

// (G + alpha0*C + shunts) x_new = rhs - f_eq - alpha0*q_eq + clamp currents.
void NewtonSolver::assemble(const NewtonProblem& problem, std::vector<double>& next) {
    const auto g = g_.all();
    const auto c = c_.all();
    auto a = a_.all();
    for (std::size_t k = 0; k < a.size(); ++k) a[k] = g[k] + problem.alpha0 * c[k];
    for (std::size_t u = 1; u < next.size(); ++u) {
        next[u] = problem.rhs[u] - fEquivalent_[u] - problem.alpha0 * qEquivalent_[u];
        if (!currentRow_[u] && problem.nodeShunt > 0.0) a_.add(diagonal_[u], problem.nodeShunt);
    }
    for (const auto& clamp : problem.clamps) {
        if (clamp.unknown == kGround) continue;
        a_.add(diagonal_[static_cast<std::size_t>(clamp.unknown)], problem.clampConductance);
        next[static_cast<std::size_t>(clamp.unknown)] += problem.clampConductance * clamp.value;
    }
    next[0] = 0.0;
}

// SPICE's test on every unknown (ngspice NIconvTest): |x_new - x_old| <= reltol*max + vntol|abstol.
bool NewtonSolver::stepConverged(std::span<const double> before, std::span<const double> after, int& worst) {
    bool converged = true;
    double worstRatio = 0.0;
    for (std::size_t u = 1; u < after.size(); ++u) {
        const double floor = currentRow_[u] ? tol_.abstol : tol_.vntol;
        const double allowed = tol_.reltol * std::max(std::abs(after[u]), std::abs(before[u])) + floor;
        const double ratio = std::abs(after[u] - before[u]) / allowed;
        ratio_[u] = ratio;
        if (!(ratio <= 1.0)) converged = false;
        if (!(ratio <= worstRatio)) {
            worstRatio = ratio;
            worst = static_cast<int>(u);
        }
    }
    return converged;
}

// The residual of every row at x (devices loaded at x without limiting), against reltol times
// the largest term of the row: a KCL row's currents, a branch equation's voltages.
bool NewtonSolver::residualConverged(const NewtonProblem& problem, std::span<const double> x) {
    for (std::size_t u = 0; u < residual_.size(); ++u) {
        residual_[u] = f_[u] + problem.alpha0 * q_[u] - problem.rhs[u];
        scale_[u] = std::max({std::abs(f_[u]), std::abs(problem.alpha0 * q_[u]), std::abs(problem.rhs[u])});
    }
    const auto& pattern = circuit_.pattern();
    const auto g = circuit_.gConstant().matrix();
    const auto c = circuit_.cConstant().matrix();
    for (int column = 0; column < pattern.size(); ++column) {
        const double xColumn = x[static_cast<std::size_t>(column) + 1];
        for (int k = pattern.columnPointers()[static_cast<std::size_t>(column)];
             k < pattern.columnPointers()[static_cast<std::size_t>(column) + 1]; ++k) {
            const auto row = static_cast<std::size_t>(pattern.rowIndices()[static_cast<std::size_t>(k)]) + 1;
            const double term = (g[static_cast<std::size_t>(k)] + problem.alpha0 * c[static_cast<std::size_t>(k)]) * xColumn;
            residual_[row] += term;
            scale_[row] = std::max(scale_[row], std::abs(term));
        }
    }
    for (const auto& clamp : problem.clamps) {
        if (clamp.unknown == kGround) continue;
        const auto u = static_cast<std::size_t>(clamp.unknown);
        residual_[u] += problem.clampConductance * (x[u] - clamp.value);
    }
    for (std::size_t u = 1; u < residual_.size(); ++u) {
        if (!currentRow_[u]) residual_[u] += problem.nodeShunt * x[u];
        const double floor = currentRow_[u] ? tol_.vntol : tol_.abstol;
        if (!(std::abs(residual_[u]) <= tol_.reltol * scale_[u] + floor)) return false;
    }
    return true;
}

// The nonlinear device whose internal node (named NAME#part, as RD/RS/RB nodes are) u is.
const Device* NewtonSolver::internalNodeOwner(int u) const {
    if (u <= 0 || currentRow_[static_cast<std::size_t>(u)]) return nullptr;
    const std::string& name = circuit_.nodes().name(u);
    const auto hash = name.find('#');
    if (hash == std::string::npos) return nullptr;
    for (auto* nonlinear : circuit_.nonlinearDevices()) {
        const auto* device = dynamic_cast<const Device*>(nonlinear);
        if (!device || device->name().size() != hash) continue;
        if (std::equal(name.begin(), name.begin() + static_cast<std::ptrdiff_t>(hash), device->name().begin(),
                       [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) ==
                                                   std::tolower(static_cast<unsigned char>(b)); }))
            return device;
    }
    return nullptr;
}

// Names the nonlinear device terminal (or internal node) that failed the unknowns' test by the
// most (that is where the user can act), else the unknown that did.
SolveError NewtonSolver::noConvergence(const NewtonProblem& problem, int worst) const {
    std::string message = fmt::format("no convergence in {} Newton iterations", problem.maxIterations);
    double worstRatio = 1.0;
    const Device* culprit = internalNodeOwner(worst);
    if (culprit) worstRatio = ratio_[static_cast<std::size_t>(worst)];
    for (auto* nonlinear : circuit_.nonlinearDevices()) {
        const auto* device = dynamic_cast<const Device*>(nonlinear);
        if (!device) continue;
        for (Unknown terminal : device->terminals()) {
            if (terminal == kGround || !(ratio_[static_cast<std::size_t>(terminal)] > worstRatio)) continue;
            worstRatio = ratio_[static_cast<std::size_t>(terminal)];
            worst = terminal;
            culprit = device;
        }
    }
    if (!culprit && outOfDomain_) {
        culprit = outOfDomain_;
        message += " (device '" + culprit->name() + "' evaluated outside its expression's domain)";
        for (Unknown terminal : culprit->terminals())
            if (terminal != kGround) return SolveError{SolveErrorKind::NoConvergence, message, terminal, 0.0};
        return SolveError{SolveErrorKind::NoConvergence, message, worst, 0.0};
    }
    if (culprit) message += " (device '" + culprit->name() + "')";
    return SolveError{SolveErrorKind::NoConvergence, message, worst, 0.0};
}

Outcome<int> NewtonSolver::solve(const NewtonProblem& problem, std::vector<double>& x) {
    x[0] = 0.0;
    bool stepOk = false, stepOkBefore = false;
    int worst = -1;
    for (int iteration = 0;; ++iteration) {
        const bool initial = problem.initialJunction && iteration == 0;
        const int limited = loadDevices(problem, x, !initial, initial, iteration == 0);
        // Two steps in a row within SPICE's test also converge: a residual at round-off level
        // (a big capacitor's alpha0*C against a nanoamp) must not cycle until the limit.
        if (iteration > 0 && stepOk && limited == 0 && (stepOkBefore || residualConverged(problem, x))) {
            totalIterations_ += iteration;
            return iteration;
        }
        if (iteration >= problem.maxIterations) {
            totalIterations_ += iteration;
            return noConvergence(problem, worst);
        }
        assemble(problem, next_);
        if (auto factored = numeric_.factor(a_.matrix()); !factored) return factored.error();
        numeric_.solve(std::span<double>(next_).subspan(1));
        next_[0] = 0.0;
        stepOkBefore = stepOk;
        stepOk = stepConverged(x, next_, worst);
        std::swap(x, next_);
    }
}

} // namespace cablespice::solver
