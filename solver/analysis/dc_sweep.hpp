#pragma once
#include "solver/analysis/analysis_spec.hpp"
#include "solver/analysis/dc_system.hpp"
#include "solver/analysis/solution_observer.hpp"
#include "solver/circuit/circuit.hpp"
#include "solver/sources/source_value.hpp"
#include "solver/support/outcome.hpp"
#include "solver/support/tolerances.hpp"

#include <vector>

namespace cablespice::solver {

// Number of values of a SPICE sweep `start stop increment`: start, start + incr, ... up to and
// including stop (within 1e-9 of a step, so accumulated decimal steps such as 0.1 still reach it).
// A negative increment sweeps downwards; an increment pointing away from stop gives 0 points
// (as ngspice); an increment of 0 gives the single value start (ngspice would not terminate).
int sweepPointCount(const DcSweepSpec::Sweep& sweep);
// Value i of the sweep, computed as start + i * increment (no accumulated rounding).
double sweepValue(const DcSweepSpec::Sweep& sweep, int index);

// `.dc`: sweeps the DC value of one or two independent V/I sources (or a resistor's value,
// scale "res-sweep" as in ngspice; G is then reloaded and factored at each new value) and reports each solution
// to the observer as the real plot "DC transfer characteristic". The scale is the first (inner)
// source's value, named "v-sweep" (voltage source) or "i-sweep" (current source); rows run with
// the inner source fastest. A linear circuit's matrix is factored once and every point only
// rebuilds b and solves; a nonlinear circuit's points are Newton solves from the point before
// (tol.itl2 iterations, then the operating-point fallbacks; the first point tol.itl1). The sources' original DC values are restored afterwards,
// also on failure. An unknown or non-source name gives a SolveError before anything is reported.
Outcome<Done> runDcSweep(Circuit& circuit, const DcSweepSpec& spec, SolutionObserver& observer,
                         const Tolerances& tol = {});
// The same with a caller-owned DcSystem of `circuit` (reused across runs, counters inspectable).
Outcome<Done> runDcSweep(Circuit& circuit, const DcSweepSpec& spec, SolutionObserver& observer, DcSystem& system,
                         const Tolerances& tol = {});

} // namespace cablespice::solver
