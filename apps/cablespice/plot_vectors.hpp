#pragma once
#include "parser/elaborate/output_request.hpp"

#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace cablespice::app {

// The vectors named by --plot-vectors "vdb(out),v(a,b),i(v1),cmrr,meas:c60": read by the
// grammar of .print items (elab::readOutputList), words without parentheses taken as names (a
// vector of the plot drawn, such as cmrr, else a node voltage; meas:NAME a .meas histogram).
// Nothing is resolved yet. A bad item gives "--plot-vectors: 'ITEM': message" instead.
std::variant<std::vector<elab::OutputVector>, std::string> parsePlotVectors(std::string_view list);

} // namespace cablespice::app
