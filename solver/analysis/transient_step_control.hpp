#pragma once
#include "solver/analysis/analysis_spec.hpp"
#include "solver/analysis/transient_options.hpp"

namespace cablespice::solver {

// Step-size bounds of one run, derived from .tran and .options as ngspice does.
struct StepLimits {
    double tmax = 0.0;      // TMAX, or min(TSTEP, (TSTOP-TSTART)/50) when not given
    double hmin = 0.0;      // options.hmin, or ngspice delmin = 1e-11 * TMAX
    double minBreak = 0.0;  // ngspice CKTminBreak = 5e-5 * TMAX: closer corners merge
    double first = 0.0;     // first step: min(TSTOP/100, TSTEP)/10 (ngspice dctran.c)
};

StepLimits resolveStepLimits(const TranSpec& spec, const TransientOptions& options);

// Accept/reject and the next step from the step the local error allows (SPICE: accept when
// it is above 0.9 h). Variable steps live on the ladder TMAX/2^k: h doubles when the error
// allows twice the step and otherwise stays put on acceptance, because an unchanged h keeps the
// factorization and returning to a ladder value makes the same few matrices recur. A rejected
// step drops to the ladder value below what the error allows (at most a factor 10 at once).
inline constexpr double kAcceptFraction = 0.9;

struct StepJudgement {
    bool accept = true;
    double nextStep = 0.0;
};

StepJudgement judgeStep(double h, double allowed, const StepLimits& limits);

// Largest ladder value TMAX/2^k not above h.
double ladderFloor(double h, double tmax);

// The step to try from t towards the next breakpoint tb: lands exactly on tb when it is
// within reach (or within minBreak beyond), and splits the remaining distance in two equal
// steps when one more step would leave a sliver.
struct PlannedStep {
    double h = 0.0;
    bool landsOnBreakpoint = false;
};

PlannedStep planStep(double t, double hWanted, double tb, const StepLimits& limits, bool splitRemainder);

} // namespace cablespice::solver
