#pragma once
#include <optional>
#include <string_view>

namespace cablespice {

// Parses a whole SPICE number, or returns nullopt if `text` is not exactly one:
//
//   [sign] mantissa [exponent] [scale] [unit]      1.5E+6, .5, 5., -3, 10kohm, 1uF, 1MEGohm
//   [sign] digits (scale | r) digits [unit]        RKM notation: 4k7 = 4700, 2m2 = 2.2e-3, 1r5 = 1.5
//
// Scales (case-insensitive, so "M" is milli as in SPICE): f p n u m k g t, meg = 1e6,
// mil = 25.4e-6. Units (case-insensitive, ignored): v a s f h hz ohm ohms w db deg rad sec.
// Note that "f" is femto when it directly follows the mantissa ("1F" = 1e-15).
std::optional<double> parseSpiceNumber(std::string_view text);

} // namespace cablespice
