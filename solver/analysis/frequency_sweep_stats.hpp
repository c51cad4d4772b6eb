#pragma once
#include "solver/mna/klu_factorization.hpp"

#include <cstddef>

namespace cablespice::solver {

// What one sweep over the AC matrix family did (`--stats` of .ac and .cmrr).
struct FrequencySweepStats {
    std::size_t points = 0;
    int threads = 1;
    double factorEntries = 0.0;   // lnz + unz of the reference factorization
    double factorMultiplyAdds = 0.0;  // of a refactorization on its pattern (factor_work.hpp)
    double pivotTolerance = 0.0;  // the tolerance the reference factorization was made with
    KluCounters counters;         // every thread's numeric objects added up
};

} // namespace cablespice::solver
