#pragma once
#include "solver/support/source_range.hpp"

#include <string>
#include <vector>

namespace cablespice::elab {

// One .step line (LTspice syntax): a parameter (`.step param X ...`) or an element's value
// (`.step R1 ...`) and the values it takes. Several .step lines nest, the first outermost.
struct StepSpec {
    enum class Target { Parameter, Element, ModelParameter };
    Target target = Target::Parameter;
    std::string name;  // lower-case parameter or element name; "model(param)" for a model parameter
    std::string model, modelParameter;  // ModelParameter: `.step MODEL(PARAM) ...`
    std::vector<double> values;
    SourceRange origin;
};

// One point of the nested sweep: the value of every stepped name.
struct StepPoint {
    std::vector<std::pair<const StepSpec*, double>> values;

    // "dr=10 rl=1000" (for titles, .meas lines and JSON keys)
    std::string label() const;
};

// Cartesian product of the .step lines, first line outermost, in deterministic order.
std::vector<StepPoint> stepPoints(const std::vector<StepSpec>& steps);

} // namespace cablespice::elab
