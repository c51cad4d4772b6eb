#include "parser/elaborate/param_spec.hpp"

#include "parser/elaborate/text_util.hpp"

namespace cablespice::elab {

const ParamSpec* findParam(std::span<const ParamSpec> table, std::string_view name) {
    for (const auto& spec : table) {
        if (spec.name == name) return &spec;
        for (auto alias : spec.aliases)
            if (alias == name) return &spec;
    }
    return nullptr;
}

std::string suggestParam(std::span<const ParamSpec> table, std::string_view name) {
    std::string_view best;
    std::size_t bestDistance = 3;  // farther than two edits is not a typo
    for (const auto& spec : table) {
        std::size_t d = editDistance(name, spec.name);
        if (d < bestDistance) {
            bestDistance = d;
            best = spec.name;
        }
    }
    if (best.empty()) return {};
    return "did you mean '" + std::string(best) + "'?";
}

} // namespace cablespice::elab
