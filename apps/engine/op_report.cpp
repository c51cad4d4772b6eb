#include "apps/engine/op_report.hpp"

#include <fmt/format.h>

#include <ostream>

namespace cablespice::app {

void printOperatingPoint(const elab::Deck& deck, const std::vector<double>& x, std::ostream& out) {
    const auto& nodes = deck.circuit->nodes();
    for (solver::Unknown u = 1; u <= nodes.count(); ++u) {
        const char* prefix = nodes.type(u) == solver::UnknownType::Voltage ? "v" : "i";
        out << fmt::format("{}({}) = {:.9g}\n", prefix, nodes.name(u), x[static_cast<std::size_t>(u)]);
    }
}

} // namespace cablespice::app
