#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

namespace cablespice {

// Names compared byte for byte (a circuit's lower-case device names). Another policy has the
// same two static functions (the elaboration's case-insensitive one, written_elements.hpp).
struct ExactNames {
    static std::size_t hash(std::string_view name) { return std::hash<std::string_view>{}(name); }
    static bool equal(std::string_view a, std::string_view b) { return a == b; }
};

// A hash index over the names of items that a vector owns: it keeps only their positions
// (8 bytes a slot, with part of the hash, so that a probe rarely has to look at a name). A map
// from names to positions stored each name a second time in a node of its own: ~70 bytes an
// element, 13 MB at 1e5 unknowns for the devices alone (bench/README.md). Every call takes
// `nameAt(position)`, the name of the item at a position, so the index holds no pointer into
// the vector and may be shared by vectors with the same names at the same positions.
template <class Names>
class NameIndex {
public:
    template <class NameAt>
    void reserve(std::size_t count, const NameAt& nameAt) {
        if (count * 2 > slots_.size()) rehash(capacityFor(count), nameAt);
    }

    template <class NameAt>
    std::optional<std::size_t> find(std::string_view name, const NameAt& nameAt) const {
        if (slots_.empty()) return std::nullopt;
        const Slot& slot = slots_[probe(name, Names::hash(name), nameAt)];
        if (slot.position == kEmpty) return std::nullopt;
        return slot.position;
    }

    // Adds `name` at `position` unless the index has that name: then the earlier position is
    // returned and nothing changes. One probe for both answers, so a caller that adds what it
    // does not find asks once; it may append the item at `position` after this call (only
    // the names already indexed are read).
    template <class NameAt>
    std::optional<std::size_t> insert(std::string_view name, std::size_t position, const NameAt& nameAt) {
        if ((size_ + 1) * 2 > slots_.size()) rehash(capacityFor(size_ + 1), nameAt);
        const std::size_t hash = Names::hash(name);
        Slot& slot = slots_[probe(name, hash, nameAt)];
        if (slot.position != kEmpty) return slot.position;
        slot = Slot{static_cast<std::uint32_t>(position), checkOf(hash)};
        ++size_;
        return std::nullopt;
    }

    std::size_t size() const { return size_; }

private:
    static constexpr std::uint32_t kEmpty = ~std::uint32_t{0};
    struct Slot {
        std::uint32_t position = kEmpty;
        std::uint32_t check = 0;  // the hash's upper half: most mismatches end here
    };

    static std::uint32_t checkOf(std::size_t hash) { return static_cast<std::uint32_t>(hash >> 32); }
    std::size_t mask() const { return slots_.size() - 1; }
    // The slot holding `name`, or the empty slot where it would go (slots_ is never full).
    template <class NameAt>
    std::size_t probe(std::string_view name, std::size_t hash, const NameAt& nameAt) const {
        const auto check = checkOf(hash);
        std::size_t i = hash & mask();
        while (slots_[i].position != kEmpty &&
               !(slots_[i].check == check && Names::equal(nameAt(slots_[i].position), name)))
            i = (i + 1) & mask();
        return i;
    }
    // At most half full, so that probes stay short.
    static std::size_t capacityFor(std::size_t count) {
        std::size_t capacity = 16;
        while (capacity < count * 2) capacity *= 2;
        return capacity;
    }

    template <class NameAt>
    void rehash(std::size_t capacity, const NameAt& nameAt) {
        std::vector<Slot> old(capacity);
        old.swap(slots_);
        for (const Slot& slot : old) {
            if (slot.position == kEmpty) continue;
            std::size_t i = Names::hash(nameAt(slot.position)) & mask();
            while (slots_[i].position != kEmpty) i = (i + 1) & mask();
            slots_[i] = slot;
        }
    }

    std::vector<Slot> slots_;
    std::size_t size_ = 0;
};

} // namespace cablespice
