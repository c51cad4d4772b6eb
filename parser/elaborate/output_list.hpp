#pragma once
#include "parser/elaborate/output_request.hpp"

#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace cablespice::elab {

// An output list written outside a netlist, such as --plot-vectors "vdb(out), v(a,b) cmrr":
// tokenized as a card's text is and read item by item by the .print grammar (readOutputItem),
// words without parentheses taken as names (BareNames::Any). Names are lower-cased; nothing is
// resolved. A {expression} needs a netlist's .params and is refused. Otherwise the first
// problem, as "'ITEM': message" with the item it is in.
std::variant<std::vector<OutputVector>, std::string> readOutputList(std::string_view list);

} // namespace cablespice::elab
