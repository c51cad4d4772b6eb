#pragma once
#include "parser/elaborate/output_request.hpp"

#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace cablespice::app {

// The vectors named by --plot-vectors "vdb(out),v(a,b),i(v1),cmrr": comma-separated (commas
// inside parentheses belong to the item), each a v/i-family function call or a bare name (a
// vector of the CMRR plot, adm/acm/cmrr, or else a node voltage). Names are lower-cased;
// nothing is resolved yet. A syntax error gives its message instead.
std::variant<std::vector<elab::OutputVector>, std::string> parsePlotVectors(std::string_view list);

} // namespace cablespice::app
