#pragma once
#include <klu.h>

#include <cstddef>

namespace cablespice::solver {

// A copy of a KLU numeric object whose entries (and factor units) are `entryBytes` wide (8:
// klu_factor's, 16: klu_z_factor's): its factors, pivot order, scale factors and off-diagonal
// blocks, with workspace of its own (not copied: it holds nothing between calls). Allocated as
// klu_factor allocates and counted in common.memusage, so klu_free_numeric / klu_z_free_numeric
// free it. The source's workspace is not read, so another thread may solve with the source
// while it is copied; nothing may change its factors meanwhile. Null when memory runs out.
klu_numeric* copyKluNumeric(const klu_numeric& source, std::size_t entryBytes, klu_common& common);

} // namespace cablespice::solver
