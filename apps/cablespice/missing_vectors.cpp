#include "apps/cablespice/missing_vectors.hpp"

#include <fmt/format.h>

namespace cablespice::app {

std::string missingVectorsWarning(std::string_view output, const PointOutcome& point, const std::vector<std::string>& missing,
                                  std::string_view consequence) {
    const std::string others = missing.size() > 1 ? fmt::format(" nor {} other vector(s)", missing.size() - 1) : "";
    return fmt::format("{}: .step point {} has no {}{} of the first point's (its circuit differs); {}", output,
                       point.point.label(), missing.front(), others, consequence);
}

} // namespace cablespice::app
