#pragma once
#include "parser/elaborate/output_request.hpp"
#include "solver/circuit/circuit.hpp"

#include <optional>
#include <string>
#include <variant>

namespace cablespice::elab {

// The one place where the names of an output vector (.print, .plot, .save, .meas,
// --plot-vectors) become a VectorProbe: nodes for v(), elements for i() and p().
// Hierarchical names may be written as ngspice does (x1.mid, r.x1.r1) or as Xyce does
// (x1:mid, x1:r1). i() of a resistor, capacitor or current source and p() of any
// two-terminal element are computed from the element's branch equation.
// On failure, the reason (e.g. "no node named 'x' for v(x)").
std::variant<VectorProbe, std::string> locateVector(const OutputVector& vector, const solver::Circuit& circuit);

// Locates every vector call of a {expression} item into item.expressionProbes; the first
// failure's reason otherwise.
std::optional<std::string> locateExpressionCalls(OutputVector& item, const solver::Circuit& circuit);

} // namespace cablespice::elab
