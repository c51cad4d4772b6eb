#pragma once
#include <cstdint>

namespace cablespice::solver {

// Index into a value array (MatrixValues). Slot == nnz is the bucket that absorbs ground entries.
using Slot = std::int32_t;

} // namespace cablespice::solver
