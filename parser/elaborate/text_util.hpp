#pragma once
#include <string>
#include <string_view>

namespace cablespice::elab {

std::string toLower(std::string_view text);
bool equalsIgnoreCase(std::string_view a, std::string_view b);
// Levenshtein distance, for "did you mean" hints.
std::size_t editDistance(std::string_view a, std::string_view b);

} // namespace cablespice::elab
