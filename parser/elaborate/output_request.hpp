#pragma once
#include "parser/elaborate/analysis_kinds.hpp"
#include "solver/circuit/unknown.hpp"
#include "solver/sources/source_value.hpp"
#include "solver/support/source_range.hpp"

#include <array>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace cablespice::elab {

// ngspice vector functions: v(n), v(a,b), i(element), p(element) and their
// magnitude/dB/phase/real/imag forms.
enum class OutputQuantity { Voltage, Current, Power };
enum class OutputPart { Value, Magnitude, Decibel, Phase, Real, Imaginary };

// How a resolved vector's value follows from one solution point.
//   Difference        x[unknown] - x[reference]: node voltages, branch currents, own vectors
//   LinearCurrent     value * (x[unknown] - x[reference]): a resistor (G, its nodes), a VCCS
//                     (gm, its controlling nodes), a CCCS (gain, the controlling branch current)
//   CapacitorCurrent  capacitance * d/dt (v(a) - v(b)); j*omega*C*(v(a)-v(b)) in AC; 0 at DC
//   SourceCurrent     the current source's value (DC, waveform at t, AC phasor)
// Currents flow from the element's first terminal a through it to its second, b. With
// `power`, the value is (v(a) - v(b)) times that current: the power the element absorbs.
enum class ProbeKind { Difference, LinearCurrent, CapacitorCurrent, SourceCurrent };

struct VectorProbe {
    ProbeKind kind = ProbeKind::Difference;
    solver::Unknown unknown = solver::kGround;    // Difference, LinearCurrent: what is read
    solver::Unknown reference = solver::kGround;  // v(a,b)'s b; LinearCurrent: the controlling pair's second
    solver::Unknown a = solver::kGround, b = solver::kGround;  // an element's terminals
    double value = 0.0;                           // conductance, gm or gain (LinearCurrent); capacitance
    const solver::SourceValue* source = nullptr;  // SourceCurrent
    bool power = false;
};

// The unknowns a probe's value is computed from (ground where a field is unused).
inline std::array<solver::Unknown, 4> unknownsRead(const VectorProbe& probe) {
    return {probe.unknown, probe.reference, probe.a, probe.b};
}

struct OutputExpression;  // measure_spec.hpp

struct OutputVector {
    OutputVector() = default;
    OutputVector(OutputQuantity quantity, OutputPart part, std::string first, std::string second, std::string text,
                 SourceRange origin = {}, VectorProbe probe = {})
        : quantity(quantity), part(part), first(std::move(first)), second(std::move(second)), text(std::move(text)),
          origin(origin), probe(probe) {}

    OutputQuantity quantity = OutputQuantity::Voltage;
    OutputPart part = OutputPart::Value;
    std::string first;   // node (Voltage) or element name (Current, Power), lower-case; "*": every one
    std::string second;  // optional reference node for v(a,b)
    std::string text;    // canonical spelling for headers, e.g. "vdb(out)", "v(a,b)", "i(v1)"
    SourceRange origin;
    VectorProbe probe;   // resolved after finalize
    // A {expression} item (.print ac {db(v(b))-gain}): its value is the expression's, real;
    // expressionProbes[k] is where its k-th vector call reads.
    std::shared_ptr<const OutputExpression> expression;
    std::vector<VectorProbe> expressionProbes;
};

struct PrintRequest {
    PrintAnalysis analysis = PrintAnalysis::Any;
    std::vector<OutputVector> items;
    SourceRange origin;
};

} // namespace cablespice::elab
