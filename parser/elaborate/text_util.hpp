#pragma once
#include <string>
#include <string_view>

namespace cablespice::elab {

// SPICE names are case-insensitive in ASCII only: A-Z lowered, every other byte (UTF-8 included)
// kept, whatever the locale (a Python host sets LC_CTYPE). Inline: every name of a deck passes here.
constexpr char lowerAscii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string toLower(std::string_view text);
bool equalsIgnoreCase(std::string_view a, std::string_view b);
// Levenshtein distance, for "did you mean" hints.
std::size_t editDistance(std::string_view a, std::string_view b);

} // namespace cablespice::elab
