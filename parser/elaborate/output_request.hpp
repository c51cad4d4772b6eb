#pragma once
#include "solver/circuit/unknown.hpp"
#include "solver/support/source_range.hpp"

#include <optional>
#include <string>
#include <vector>

namespace cablespice::elab {

// ngspice vector functions: v(n), v(a,b), i(vname) and their magnitude/dB/phase/real/imag forms.
enum class OutputQuantity { Voltage, Current };
enum class OutputPart { Value, Magnitude, Decibel, Phase, Real, Imaginary };

struct OutputVector {
    OutputQuantity quantity = OutputQuantity::Voltage;
    OutputPart part = OutputPart::Value;
    std::string first;   // node (Voltage) or element name (Current), lower-case
    std::string second;  // optional reference node for v(a,b)
    std::string text;    // canonical spelling for headers, e.g. "vdb(out)", "v(a,b)", "i(v1)"
    SourceRange origin;
    solver::Unknown unknown = solver::kGround;     // resolved after finalize
    solver::Unknown reference = solver::kGround;  // v(a,b): b
};

enum class PrintAnalysis { Any, Op, Dc, Ac, Tran, Cmrr };

struct PrintRequest {
    PrintAnalysis analysis = PrintAnalysis::Any;
    std::vector<OutputVector> items;
    SourceRange origin;
};

} // namespace cablespice::elab
