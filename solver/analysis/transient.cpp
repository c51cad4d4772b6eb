#include "solver/analysis/transient.hpp"

#include "solver/analysis/breakpoint_schedule.hpp"
#include "solver/analysis/integrator.hpp"
#include "solver/analysis/newton.hpp"
#include "solver/analysis/plot_names.hpp"
#include "solver/analysis/transient_initial.hpp"
#include "solver/analysis/transient_step_control.hpp"
#include "solver/analysis/transient_system.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <limits>
#include <optional>

namespace cablespice::solver {

namespace {

constexpr std::size_t kReservedStepSizes = 1024;
// Breakpoints are gathered this many TMAX at a time.
constexpr double kBreakpointWindowInTmax = 256.0;
// The step that measures q̇(0+) when the start is not at rest, as a fraction of the rejected one.
constexpr double kStartRateProbeFraction = 1e-3;

std::optional<SolveError> checkSpec(const TranSpec& spec) {
    if (spec.tstep > 0.0 && spec.tstop > 0.0 && spec.tstart >= 0.0 && spec.tstart < spec.tstop) return std::nullopt;
    return SolveError{SolveErrorKind::Numerical,
                      "invalid .tran: need TSTEP > 0, TSTOP > 0 and 0 <= TSTART < TSTOP", -1, 0.0};
}

// One transient run: owns every buffer (allocated here, reused by every step).
class TransientRun {
public:
    TransientRun(const Circuit& circuit, const TranSpec& spec, const TransientOptions& options,
                 SolutionObserver& observer);

    Outcome<TransientStats> run(const InitialConditions& initialConditions);

private:
    struct Attempt {
        StepCoefficients coefficients;
        double tNext = 0.0;
        bool landsOnBreakpoint = false;
        bool clipped = false;
    };

    Outcome<Done> start(const InitialConditions& initialConditions);
    Outcome<Done> advance();
    Attempt plan();
    StepMethod methodFor() const;
    void startSteps(double hSaved);
    Outcome<Done> solve(const Attempt& attempt);
    Outcome<Done> solveNonlinear(const Attempt& attempt);
    bool retryAfterNewtonFailure(const Attempt& attempt, SolveError& error);
    bool errorIsCheckable(int order) const;
    bool startsFromRest() const;
    Outcome<Done> measureStartRate(double h);
    LocalErrorEstimate estimateError(const Attempt& attempt);
    void accept(const Attempt& attempt);
    void restartAfterBreakpoint();
    void emit(double t, std::span<const double> x);
    void recordMatrix(double alpha0);
    void markChargeRows();
    SolveError failure(SolveError error);
    double historyMaxStep() const;
    double nonlinearStepLimit() const;
    void predictNewtonStart(double tNext);
    void acceptNonlinear(double timeStep);
    double nextBreakpoint();
    TransientStats finishStats() const;

    const Circuit& circuit_;
    const TranSpec& spec_;
    const TransientOptions& options_;
    SolutionObserver& observer_;
    StepLimits limits_;
    TransientSystem system_;
    Integrator integrator_;
    BreakpointSchedule breakpoints_;
    std::vector<double> x_, q_, hq_;
    std::optional<NewtonSolver> newton_;  // nonlinear circuits only: every step is a Newton solve
    std::vector<double> rhs_, xAccepted_;  // b - h_q of the step, and the last accepted x
    std::vector<double> xBefore_;  // the accepted x before xAccepted_ (at tBefore_), for Newton's predicted start
    double tBefore_ = 0.0;
    bool haveBefore_ = false;      // an accepted point before xAccepted_ exists
    std::vector<double> chargeRows_;  // > 0 on rows of C (a capacitor's charge, an inductor's flux): their tolerance weight
    std::vector<double> alpha0Seen_;
    TransientStats stats_;
    double t_ = 0.0;
    double hNatural_ = 0.0;  // the step the controller wants, before breakpoint clipping
    bool restart_ = true;    // next step is backward Euler
    bool startRateMeasured_ = false;  // q̇(0) measured by measureStartRate (else 0: at rest)
};

TransientRun::TransientRun(const Circuit& circuit, const TranSpec& spec, const TransientOptions& options,
                           SolutionObserver& observer)
    : circuit_(circuit), spec_(spec), options_(options), observer_(observer),
      limits_(resolveStepLimits(spec, options)), system_(circuit, options.solveThreads), integrator_(circuit.unknownCount() + 1),
      breakpoints_(circuit, spec.tstop, limits_.minBreak, kBreakpointWindowInTmax * limits_.tmax, options.breakpoints) {
    const auto size = static_cast<std::size_t>(circuit.unknownCount()) + 1;
    for (auto* buffer : {&x_, &q_, &hq_}) buffer->assign(size, 0.0);
    if (!circuit.isLinear()) {
        newton_.emplace(circuit, circuit.symbolic(), newtonTransientSettings(circuit.symbolic().settings(), circuit.unknownCount()),
                        options.tol);
        rhs_.assign(size, 0.0);
        xAccepted_.assign(size, 0.0);
        xBefore_.assign(size, 0.0);
    }
    markChargeRows();
    alpha0Seen_.reserve(kReservedStepSizes);
    hNatural_ = options.fixedStep ? spec.tstep : limits_.first;
}

Outcome<Done> TransientRun::start(const InitialConditions& initialConditions) {
    auto initial = transientInitialState(circuit_, spec_, options_, initialConditions);
    if (!initial) return initial.error();
    std::copy(initial.value().x.begin(), initial.value().x.end(), x_.begin());
    if (newton_) xAccepted_ = x_;
    acceptNonlinear(0.0);
    integrator_.start(0.0, initial.value().q);
    for (auto* device : circuit_.historyDevices()) device->beginTransient(x_);
    emit(0.0, x_);
    // t = 0 is a breakpoint like any other: the first step is a tenth of the initial step
    // min(TSTOP/100, TSTEP)/10 or of the gap to the first corner (ngspice dctran.c divides
    // the initial delta by 10 at the first time point), because it is accepted unchecked.
    startSteps(limits_.first);
    return Done{};
}

Outcome<TransientStats> TransientRun::run(const InitialConditions& initialConditions) {
    observer_.begin({std::string(plot_names::kTransient), "time", VectorType::Time, false});
    if (auto invalid = checkSpec(spec_)) return failure(*invalid);
    if (auto started = start(initialConditions); !started) return failure(started.error());
    while (t_ < spec_.tstop) {
        if (auto advanced = advance(); !advanced) return failure(advanced.error());
    }
    observer_.end(true);
    return finishStats();
}

// One accepted step (possibly after rejected tries).
Outcome<Done> TransientRun::advance() {
    for (;;) {
        const Attempt attempt = plan();
        if (auto solved = solve(attempt); !solved) {
            SolveError error = solved.error();
            if (retryAfterNewtonFailure(attempt, error)) continue;
            return error;
        }
        const int order = attempt.coefficients.order;
        if (options_.fixedStep || !errorIsCheckable(order)) {
            accept(attempt);
            return Done{};
        }
        const auto estimate = estimateError(attempt);
        const auto judgement = judgeStep(attempt.coefficients.h, estimate.allowedStep, limits_);
        if (judgement.accept) {
            hNatural_ = attempt.clipped ? std::min(hNatural_, judgement.nextStep) : judgement.nextStep;
            accept(attempt);
            return Done{};
        }
        ++stats_.rejectedSteps;
        if (startsFromRest() && !startRateMeasured_) {
            // Perhaps not at rest: retry the same step against the measured slope.
            if (auto measured = measureStartRate(attempt.coefficients.h); !measured) return measured.error();
            continue;
        }
        hNatural_ = judgement.nextStep;
        if (hNatural_ < limits_.hmin)
            return SolveError{SolveErrorKind::TimestepTooSmall, fmt::format("time step too small at t = {:g} s", t_),
                              estimate.unknown, t_};
    }
}

// The predictor-corrector gap in charge, qc - qp, and q̇ of the new point from the formula,
// q̇ = alpha0 q + h_q, for the tolerance: one pass over the rows.
LocalErrorEstimate TransientRun::estimateError(const Attempt& attempt) {
    const auto& c = attempt.coefficients;
    ChargePredictor predictor;
    if (integrator_.depth() >= c.order + 1) {
        predictor = integrator_.predictor(attempt.tNext, c.order);
    } else {  // from the operating point: the double point t0 (value and slope, 0 at rest)
        predictor.points[0] = integrator_.charge();
        predictor.weights[0] = 1.0;
        predictor.terms = 1;
        if (startRateMeasured_) {
            predictor.points[1] = integrator_.chargeRate();
            predictor.weights[1] = attempt.tNext - integrator_.time();
            predictor.terms = 2;
        }
        predictor.span = c.h * c.h;
    }
    const ChargeStates states{q_, hq_, integrator_.charge(), integrator_.chargeRate()};
    ForkJoinPair* team = system_.team();
    if (!team) return estimateLocalError(c, predictor, states, chargeRows_, options_.tol);
    // On the solve's two threads, each half of the rows, combined as one scan would.
    TightestRow halves[2];
    const std::size_t middle = q_.size() / 2;
    auto scan = [&](int part) {
        halves[part] = tightestRow(c, predictor, states, chargeRows_, options_.tol, part == 0 ? 1 : middle,
                                   part == 0 ? middle : q_.size());
    };
    team->run(scan);
    return allowedStep(c, tighterOf(halves[0], halves[1]));
}

// Only charge and flux rows are error-controlled, as in SPICE, where only the states of reactive
// devices enter CKTterr. The algebraic unknowns follow them through the resistive equations, and
// a source that jumps (PWL r= wrapping around) must not make the predictor through the
// breakpoint's left-hand value reject every step.
void TransientRun::markChargeRows() {
    chargeRows_.assign(x_.size(), 0.0);
    const auto& c = system_.chargeMatrix();
    for (Eigen::Index k = 0; k < c.nonZeros(); ++k) chargeRows_[static_cast<std::size_t>(c.innerIndexPtr()[k])] = 1.0;
    for (const auto& device : circuit_.devices()) device->weightTruncationError(chargeRows_);
    for (const auto* device : circuit_.nonlinearDevices())
        for (Unknown row : device->chargeRows()) chargeRows_[static_cast<std::size_t>(row)] = 1.0;
    chargeRows_[0] = 0.0;
}

TransientRun::Attempt TransientRun::plan() {
    const double tb = nextBreakpoint();
    const double wanted = std::min({hNatural_, historyMaxStep(), nonlinearStepLimit()});
    const auto step = planStep(t_, wanted, tb, limits_, !options_.fixedStep);
    Attempt attempt;
    attempt.landsOnBreakpoint = step.landsOnBreakpoint;
    attempt.clipped = step.h < wanted;
    attempt.tNext = step.landsOnBreakpoint ? tb : t_ + step.h;
    attempt.coefficients = stepCoefficients(methodFor(), step.h, integrator_.lastStep());
    return attempt;
}

// Backward Euler for the first step after t = 0 or a breakpoint. With error control also for
// the second one: its order-1 estimate needs only the two points since the restart, so the
// step is checked from the second step on; order 2 (three points) follows from the third.
StepMethod TransientRun::methodFor() const {
    if (restart_ || options_.maxOrder < 2) return StepMethod::BackwardEuler;
    if (!options_.fixedStep && integrator_.depth() < 3) return StepMethod::BackwardEuler;
    return options_.method == IntegrationMethod::Gear ? StepMethod::Bdf2 : StepMethod::Trapezoidal;
}

// (G + alpha0*C) x = b(t_{n+1}) - h_q, then q = C x.
Outcome<Done> TransientRun::solve(const Attempt& attempt) {
    if (newton_) return solveNonlinear(attempt);
    const auto& c = attempt.coefficients;
    auto prepared = system_.prepare(c.alpha0);
    if (!prepared) {
        SolveError error = prepared.error();
        error.time = attempt.tNext;
        return error;
    }
    if (prepared.value()) recordMatrix(c.alpha0);
    integrator_.history(c, hq_);
    for (std::size_t i = 0; i < x_.size(); ++i) x_[i] = -hq_[i];
    for (const auto* source : circuit_.excitations()) source->loadTransient(attempt.tNext, x_);
    for (const auto* device : circuit_.historyDevices()) device->loadHistory(attempt.tNext, x_);
    system_.solve(x_);
    system_.charge(x_, q_);
    return Done{};
}

// Newton from the last accepted point on f(x) + alpha0*q(x) = b(t_{n+1}) - h_q (tol.itl4
// iterations), then q = C_lin x + q_nl(x).
Outcome<Done> TransientRun::solveNonlinear(const Attempt& attempt) {
    const auto& c = attempt.coefficients;
    integrator_.history(c, hq_);
    for (std::size_t i = 0; i < rhs_.size(); ++i) rhs_[i] = -hq_[i];
    for (const auto* source : circuit_.excitations()) source->loadTransient(attempt.tNext, rhs_);
    rhs_[0] = 0.0;
    predictNewtonStart(attempt.tNext);
    NewtonProblem problem;
    problem.alpha0 = c.alpha0;
    problem.rhs = rhs_;
    problem.gmin = options_.tol.gmin;
    problem.maxIterations = options_.tol.itl4;
    problem.time = attempt.tNext;
    problem.timeStep = c.h;
    problem.bypass = true;
    auto solved = newton_->solve(problem, x_);
    if (!solved) {
        SolveError error = solved.error();
        error.time = attempt.tNext;
        return error;
    }
    stats_.newtonIterations += solved.value();
    system_.charge(x_, q_);
    const auto charge = newton_->nonlinearCharge();
    for (std::size_t i = 1; i < q_.size(); ++i) q_[i] += charge[i];
    return Done{};
}

// A step whose Newton solve does not converge is retried at an eighth of its size with backward
// Euler (ngspice dctran.c); below the minimum step the run stops, naming where Newton failed.
bool TransientRun::retryAfterNewtonFailure(const Attempt& attempt, SolveError& error) {
    if (!newton_ || error.kind != SolveErrorKind::NoConvergence) return false;
    ++stats_.newtonFailures;
    ++stats_.rejectedSteps;
    hNatural_ = attempt.coefficients.h / 8.0;
    restart_ = true;
    if (hNatural_ >= limits_.hmin) return true;
    error = SolveError{SolveErrorKind::TimestepTooSmall,
                       fmt::format("time step too small at t = {:g} s: {}", t_, error.message), error.unknown, t_};
    return false;
}

// The predictor of order k needs k+1 points since the last restart; only the first step after
// a restart (order 1, one point) is accepted unchecked, which is why it is a small step.
bool TransientRun::errorIsCheckable(int order) const {
    return integrator_.depth() >= order + 1 || startsFromRest();
}

// The first step from a DC operating point: the circuit was at rest, so q̇(0) = 0 (until a
// rejection shows otherwise, see measureStartRate) and the step is checked like any other,
// against the Hermite predictor q(0) + h q̇(0). A step that resolves a fast start wrongly would
// otherwise be accepted unchecked (SPICE does). After a breakpoint q̇ jumps, and with UIC the
// initial state is not an equilibrium.
bool TransientRun::startsFromRest() const { return !spec_.uic && integrator_.depth() == 1 && t_ == 0.0; }

// The operating point fixes q(0) but not always q̇(0+): a source that changes from t = 0 on
// and drives an inductor/current-source cut set (or a capacitor/voltage-source loop) moves a
// flux or charge at once, so the from-rest predictor would reject every step size (the gap
// shrinks like h, not h²). A backward-Euler step a thousandth as long measures q̇(0+) to
// O(h_probe); at rest it measures about 0 and changes nothing. Its solution is discarded.
Outcome<Done> TransientRun::measureStartRate(double h) {
    const double hProbe = kStartRateProbeFraction * h;
    Attempt probe;
    probe.coefficients = stepCoefficients(StepMethod::BackwardEuler, hProbe, 0.0);
    probe.tNext = t_ + hProbe;
    if (auto solved = solve(probe); !solved) return solved.error();
    const auto q0 = integrator_.charge();
    for (std::size_t i = 0; i < q_.size(); ++i) hq_[i] = (q_[i] - q0[i]) / hProbe;  // hq_ as scratch
    integrator_.setStartRate(hq_);
    startRateMeasured_ = true;
    ++stats_.startRateProbes;
    return Done{};
}

void TransientRun::accept(const Attempt& attempt) {
    integrator_.adopt(attempt.tNext, attempt.coefficients, q_, hq_);
    if (newton_) {
        std::swap(xBefore_, xAccepted_);
        tBefore_ = t_;
        haveBefore_ = true;
        std::copy(x_.begin(), x_.end(), xAccepted_.begin());
    }
    acceptNonlinear(attempt.coefficients.h);
    for (auto* device : circuit_.historyDevices()) device->acceptStep(attempt.tNext, x_);
    const double h = attempt.coefficients.h;
    stats_.smallestStep = stats_.acceptedSteps == 0 ? h : std::min(stats_.smallestStep, h);
    stats_.largestStep = std::max(stats_.largestStep, h);
    ++stats_.acceptedSteps;
    t_ = attempt.tNext;
    restart_ = false;
    emit(t_, x_);
    if (attempt.landsOnBreakpoint && t_ < spec_.tstop) restartAfterBreakpoint();
}

// After a corner the old points describe another smooth piece: restart with backward Euler
// and a step of a tenth of the recent one or of the gap to the next corner (SPICE dctran.c).
void TransientRun::restartAfterBreakpoint() {
    integrator_.restart();
    restart_ = true;
    startSteps(hNatural_);
}

// The unchecked first step of a smooth piece: 0.1 * min(saved step, gap to the next corner).
void TransientRun::startSteps(double hSaved) {
    if (options_.fixedStep) return;
    const double gap = nextBreakpoint() - t_;
    hNatural_ = std::max(ladderFloor(0.1 * std::min(hSaved, gap), limits_.tmax), limits_.hmin);
}

void TransientRun::emit(double t, std::span<const double> x) {
    if (t >= spec_.tstart) observer_.realPoint(t, x);
}

void TransientRun::recordMatrix(double alpha0) {
    ++stats_.matrixChanges;
    auto it = std::lower_bound(alpha0Seen_.begin(), alpha0Seen_.end(), alpha0);
    if (it != alpha0Seen_.end() && *it == alpha0) return;
    alpha0Seen_.insert(it, alpha0);
}

SolveError TransientRun::failure(SolveError error) {
    observer_.end(false);
    return error;
}

// Waveform corners and the corners history devices scheduled while running (delayed edges).
double TransientRun::nextBreakpoint() {
    double tb = breakpoints_.next(t_);
    const double after = t_ + breakpoints_.minSpacing();
    for (const auto* device : circuit_.historyDevices()) tb = std::min(tb, device->nextBreakpoint(after));
    return tb;
}

double TransientRun::historyMaxStep() const {
    double h = std::numeric_limits<double>::infinity();
    for (const auto* device : circuit_.historyDevices()) h = std::min(h, device->maxStep());
    return h;
}

// Devices whose behaviour jumps (switches) slow the step as they near their threshold.
double TransientRun::nonlinearStepLimit() const {
    double h = std::numeric_limits<double>::infinity();
    for (const auto* device : circuit_.nonlinearDevices()) h = std::min(h, device->stepLimit(integrator_.lastStep()));
    return h;
}

// Newton starts from the line through the last two accepted points (ngspice extrapolates each
// junction's voltage the same way, DEVpred in MODEINITPRED), else from the last accepted point:
// at the first step of a smooth piece (after t = 0, a breakpoint or a Newton failure) the slope
// of the piece before is no guide.
void TransientRun::predictNewtonStart(double tNext) {
    if (!haveBefore_ || restart_ || t_ <= tBefore_) {
        std::copy(xAccepted_.begin(), xAccepted_.end(), x_.begin());
        return;
    }
    const double ratio = (tNext - t_) / (t_ - tBefore_);
    for (std::size_t i = 0; i < x_.size(); ++i) x_[i] = xAccepted_[i] + ratio * (xAccepted_[i] - xBefore_[i]);
}

// timeStep 0: the initial point (a steady state, or the UIC state).
void TransientRun::acceptNonlinear(double timeStep) {
    for (auto* device : circuit_.nonlinearDevices()) device->acceptSolution(x_, timeStep);
}

TransientStats TransientRun::finishStats() const {
    TransientStats stats = stats_;
    stats.factorizations = system_.counters().factorizations;
    stats.refactorizations = system_.counters().refactorizations;
    stats.solves = system_.counters().solves;
    stats.parallelSolves = system_.counters().parallelSolves;
    stats.distinctStepSizes = static_cast<int>(alpha0Seen_.size());
    stats.factorEntries = system_.factorEntries();
    stats.factorMultiplyAdds = system_.factorMultiplyAdds();
    stats.pivotTolerance = system_.pivotTolerance();
    if (newton_) {
        const auto& counters = newton_->counters();
        stats.factorizations += counters.factorizations;
        stats.refactorizations += counters.refactorizations;
        stats.solves += counters.solves;
    }
    return stats;
}

} // namespace

Outcome<TransientStats> runTransient(const Circuit& circuit, const TranSpec& spec, const TransientOptions& options,
                                     const std::vector<std::pair<Unknown, double>>& initialConditions,
                                     SolutionObserver& observer) {
    assert(circuit.finalized() && "runTransient needs a finalized circuit");
    if (!circuit.isLinear() && !circuit.historyDevices().empty()) {
        observer.begin({std::string(plot_names::kTransient), "time", VectorType::Time, false});
        observer.end(false);
        return SolveError{SolveErrorKind::Numerical,
                          "transient of a circuit with both nonlinear devices and lossless (T) lines is not supported yet",
                          -1, 0.0};
    }
    TransientRun run(circuit, spec, options, observer);
    return run.run(initialConditions);
}

} // namespace cablespice::solver
