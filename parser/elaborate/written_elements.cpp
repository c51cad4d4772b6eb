#include "parser/elaborate/written_elements.hpp"

#include "parser/elaborate/text_util.hpp"

#include <functional>
#include <utility>

namespace cablespice::elab {

std::size_t CaseInsensitiveNames::hash(std::string_view name) {
    // Lowered into a buffer on the stack: element names are short.
    constexpr std::size_t kShort = 64;
    if (name.size() > kShort) return std::hash<std::string>{}(toLower(name));
    char lowered[kShort];
    for (std::size_t i = 0; i < name.size(); ++i) lowered[i] = lowerAscii(name[i]);
    return std::hash<std::string_view>{}(std::string_view(lowered, name.size()));
}

bool CaseInsensitiveNames::equal(std::string_view a, std::string_view b) { return equalsIgnoreCase(a, b); }

void WrittenElements::reserve(std::size_t count) {
    elements_.reserve(count);
    index_.reserve(count, nameAt());
}

const WrittenElement* WrittenElements::add(std::string displayName, SourceRange origin) {
    if (auto earlier = index_.insert(displayName, elements_.size(), nameAt())) return &elements_[*earlier];
    elements_.push_back(WrittenElement{std::move(displayName), origin});
    return nullptr;
}

const WrittenElement* WrittenElements::find(std::string_view name) const {
    auto position = index_.find(name, nameAt());
    return position ? &elements_[*position] : nullptr;
}

} // namespace cablespice::elab
