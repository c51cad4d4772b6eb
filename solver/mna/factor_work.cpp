#include "solver/mna/factor_work.hpp"

namespace cablespice::solver {

namespace {

// Row indices of column k in a block of KLU's factor: they open the column's run of units
// (GET_POINTER in klu_version.h), whose unit is the size of one entry.
const int* rowsOf(const void* block, const int* start, int k, std::size_t entryBytes) {
    return reinterpret_cast<const int*>(static_cast<const char*>(block) + static_cast<std::size_t>(start[k]) * entryBytes);
}

} // namespace

double refactorMultiplyAdds(const klu_symbolic& symbolic, const klu_numeric& numeric, std::size_t entryBytes) {
    double work = 0.0;
    for (int block = 0; block < symbolic.nblocks; ++block) {
        const int k1 = symbolic.R[block], k2 = symbolic.R[block + 1];
        if (k2 - k1 == 1) continue;  // a singleton: its pivot only
        const void* lu = numeric.LUbx[block];
        for (int k = k1; k < k2; ++k) {
            const int* rows = rowsOf(lu, numeric.Uip, k, entryBytes);
            for (int p = 0; p < numeric.Ulen[k]; ++p) work += numeric.Llen[k1 + rows[p]];
            work += numeric.Llen[k];
        }
    }
    return work;
}

} // namespace cablespice::solver
