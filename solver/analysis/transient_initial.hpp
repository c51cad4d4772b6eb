#pragma once
#include "solver/analysis/analysis_spec.hpp"
#include "solver/analysis/transient_options.hpp"
#include "solver/circuit/circuit.hpp"
#include "solver/support/outcome.hpp"

#include <utility>
#include <vector>

namespace cablespice::solver {

// The state the first step starts from: unknowns x(0) and charges q(0) (sizes n + 1).
struct TransientInitialState {
    std::vector<double> x;
    std::vector<double> q;
};

using InitialConditions = std::vector<std::pair<Unknown, double>>;

// UIC: x from .ic (others 0) and element IC= values: an inductor's IC sets its branch current;
// a capacitor's IC sets its charge C*IC directly (as SPICE does), and also the node voltage
// when the other terminal is ground and .ic does not name the node.
// Otherwise: the operating point with the sources at t = 0 (loadTransient(0)); each .ic value
// is enforced by a conductance options.icConductance from the unknown to the value (ngspice
// cktload.c, MODETRANOP). Element IC= values are ignored without UIC, as in SPICE.
Outcome<TransientInitialState> transientInitialState(const Circuit& circuit, const TranSpec& spec,
                                                     const TransientOptions& options,
                                                     const InitialConditions& initialConditions);

} // namespace cablespice::solver
