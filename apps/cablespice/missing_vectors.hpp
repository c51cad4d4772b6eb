#pragma once
#include "apps/engine/stepped_runner.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace cablespice::app {

// The warning for a .step point whose circuit lacks vectors an output takes from the first
// point (a line stepped to fewer sections), e.g. "--csv: .step point n=2 has no v(p1.s2.c1) nor
// 17 other vector(s) of the first point's (its circuit differs); CONSEQUENCE". `missing` is
// not empty.
std::string missingVectorsWarning(std::string_view output, const PointOutcome& point, const std::vector<std::string>& missing,
                                  std::string_view consequence);

} // namespace cablespice::app
