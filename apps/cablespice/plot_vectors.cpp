#include "apps/cablespice/plot_vectors.hpp"

#include "parser/elaborate/output_list.hpp"

namespace cablespice::app {

std::variant<std::vector<elab::OutputVector>, std::string> parsePlotVectors(std::string_view list) {
    auto parsed = elab::readOutputList(list);
    if (auto* error = std::get_if<std::string>(&parsed)) return "--plot-vectors: " + *error;
    return parsed;
}

} // namespace cablespice::app
