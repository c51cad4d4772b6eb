#pragma once
#include "parser/elaborate/deck.hpp"

#include <iosfwd>
#include <vector>

namespace cablespice::app {

// One line per node voltage then per branch current, in order of first appearance:
// "v(node) = VALUE" / "i(name) = VALUE", lower-case names, 9 significant digits.
void printOperatingPoint(const elab::Deck& deck, const std::vector<double>& x, std::ostream& out);

} // namespace cablespice::app
