#pragma once
#include <cstdint>

namespace cablespice::solver {

// Which value arrays a matrix entry may be written in (kept for checks and diagnostics).
enum class EntryKind : std::uint8_t { Resistive = 1, Reactive = 2, Both = 3 };

inline EntryKind operator|(EntryKind a, EntryKind b) {
    return static_cast<EntryKind>(static_cast<std::uint8_t>(a) | static_cast<std::uint8_t>(b));
}

} // namespace cablespice::solver
