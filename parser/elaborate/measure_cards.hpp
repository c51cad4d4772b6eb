#pragma once
#include "parser/elaborate/card_reader.hpp"
#include "parser/elaborate/elab_context.hpp"
#include "parser/elaborate/measure_spec.hpp"

#include <optional>
#include <string_view>

namespace cablespice::elab {

// .meas / .measure ac|dc|tran NAME ...  (ngspice syntax; see MeasureSpec). Appends one
// MeasureSpec to context.deck().measures; syntax errors, unknown options, unknown names and
// malformed vector functions are reported into the sink with exact positions.
void readMeasure(CardReader& reader, ElabContext& context);

// A {expression} or 'expression' output item (the reader is at its token): vector calls,
// .param names and .func calls checked as in .meas. Problems go to the reader's sink.
std::optional<OutputExpression> readOutputExpression(CardReader& reader, ElabContext& context);

// The vector function named `name` ("v", "vdb", "i", ...), if it is one.
struct MeasureFunctionName {
    std::string_view name;
    OutputQuantity quantity;
    OutputPart part;
};
const MeasureFunctionName* findMeasureFunction(std::string_view lowerName);

// The part a generic vector function takes (db, mag, ph, phase, real, imag), if `lowerName` is one.
const OutputPart* findGenericFunction(std::string_view lowerName);

} // namespace cablespice::elab
