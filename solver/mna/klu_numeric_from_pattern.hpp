#pragma once
#include "solver/mna/static_pivot_pattern.hpp"

#include <klu.h>

#include <cstddef>

namespace cablespice::solver {

// A KLU numeric object laid out for the factors of `pattern` (its pivot order), ready for a refactorization to fill in its values (the factors, Udiag, Offx and the
// row scale factors are left unset until then), for entries `entryBytes` wide (8: real, 16:
// complex). Allocated as klu_factor allocates, so KLU's free, solves and estimates take it.
// Null when memory runs out.
klu_numeric* kluNumericFromPattern(const StaticPivotPattern& pattern, const klu_symbolic& symbolic,
                                   std::size_t entryBytes, klu_common& common);

} // namespace cablespice::solver
