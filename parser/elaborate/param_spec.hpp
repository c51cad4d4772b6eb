#pragma once
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cablespice::elab {

// One instance parameter of an element: drives parsing, "did you mean" hints and help text
// (Xyce addPar style).
struct ParamSpec {
    std::string_view name;
    std::vector<std::string_view> aliases;
    std::string_view unit;
    std::string_view description;
};

// Finds a parameter by name or alias (name already lower-case).
const ParamSpec* findParam(std::span<const ParamSpec> table, std::string_view name);
// "did you mean 'x'?" text for the closest known name, or "" when nothing is close.
std::string suggestParam(std::span<const ParamSpec> table, std::string_view name);

} // namespace cablespice::elab
