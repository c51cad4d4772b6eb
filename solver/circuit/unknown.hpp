#pragma once
#include <cstdint>

namespace cablespice::solver {

// Index of an MNA unknown (node voltage or branch current). 0 is ground: it has no row.
// Matrix row/column of unknown u (u >= 1) is u - 1.
using Unknown = std::int32_t;
inline constexpr Unknown kGround = 0;

} // namespace cablespice::solver
