#pragma once
#include "solver/support/name_index.hpp"
#include "solver/support/source_range.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace cablespice::elab {

// An element as its card wrote it: the name's spelling, and the card (a duplicate's note).
struct WrittenElement {
    std::string displayName;
    SourceRange origin;
};

// SPICE's element names: ASCII letter case does not matter.
struct CaseInsensitiveNames {
    static std::size_t hash(std::string_view name);
    static bool equal(std::string_view a, std::string_view b);
};

// Every element card's name, as written, in card order. Keyed by the spelling itself, letter
// case aside, so that the lower-case name is not kept a second time.
class WrittenElements {
public:
    void reserve(std::size_t count);
    // Adds the element unless one of the same name is there; returns that one then.
    const WrittenElement* add(std::string displayName, SourceRange origin);
    const WrittenElement* find(std::string_view name) const;
    std::size_t size() const { return elements_.size(); }

private:
    auto nameAt() const {
        return [this](std::size_t position) -> std::string_view { return elements_[position].displayName; };
    }

    std::vector<WrittenElement> elements_;
    NameIndex<CaseInsensitiveNames> index_;
};

} // namespace cablespice::elab
