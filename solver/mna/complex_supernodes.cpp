#include "solver/mna/complex_supernodes.hpp"

#include <algorithm>
#include <utility>

#include "solver/mna/klu_complex_layout.hpp"

namespace cablespice::solver {

namespace {

using namespace klu_layout;

struct BlockFactor {
    Unit* lu;
    const int *lip, *llen, *uip, *ulen;  // offset to the block's first pivot
    int size;
};

bool sortedAscending(const Column& column) {
    return std::is_sorted(column.rows, column.rows + column.length) &&
           std::adjacent_find(column.rows, column.rows + column.length) == column.rows + column.length;
}

// L(:,j) = {j+1} + L(:,j+1), rows sorted: j+1 first, then exactly L(:,j+1)'s rows.
bool extendsNext(const BlockFactor& b, int j) {
    const Column here = columnOf(b.lu, b.lip, b.llen, j);
    const Column next = columnOf(b.lu, b.lip, b.llen, j + 1);
    return here.length == next.length + 1 && here.rows[0] == j + 1 &&
           std::equal(next.rows, next.rows + next.length, here.rows + 1);
}

// Local ends of the runs of one block, or false when a column is not sorted.
bool blockEnds(const BlockFactor& b, int* ends) {
    for (int j = 0; j < b.size; ++j) {
        if (!sortedAscending(columnOf(b.lu, b.lip, b.llen, j)) || !sortedAscending(columnOf(b.lu, b.uip, b.ulen, j)))
            return false;
    }
    ends[b.size - 1] = b.size - 1;
    for (int j = b.size - 2; j >= 0; --j) ends[j] = extendsNext(b, j) ? ends[j + 1] : j;
    return true;
}

// Every column of U reaches each run it touches in one piece: from the first pivot it reaches
// to the run's end or to the column before its own, all of them (the refactorization reads them
// as one contiguous stretch of U(:,k)).
bool reachesRunsWhole(const BlockFactor& b, const int* ends) {
    for (int k = 0; k < b.size; ++k) {
        const Column u = columnOf(b.lu, b.uip, b.ulen, k);
        for (int up = 0; up < u.length;) {
            const int j = u.rows[up];
            const int last = std::min(ends[j], k - 1);
            const int stretch = last - j + 1;
            if (stretch < 1 || up + stretch > u.length || u.rows[up + stretch - 1] != last) return false;
            up += stretch;
        }
    }
    return true;
}

// The column's (row, value) pairs in row order; `scratch` is reused from column to column.
void sortByRow(const Column& column, std::vector<std::pair<int, Entry>>& scratch) {
    if (std::is_sorted(column.rows, column.rows + column.length)) return;
    scratch.clear();
    for (int p = 0; p < column.length; ++p) scratch.emplace_back(column.rows[p], column.values[p]);
    std::sort(scratch.begin(), scratch.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    int* rows = const_cast<int*>(column.rows);  // the factor's own memory, read-only for the refactorization
    for (int p = 0; p < column.length; ++p) {
        rows[p] = scratch[static_cast<std::size_t>(p)].first;
        column.values[p] = scratch[static_cast<std::size_t>(p)].second;
    }
}

} // namespace

void sortFactorByRow(const klu_symbolic& symbolic, klu_numeric& numeric) {
    std::vector<std::pair<int, Entry>> scratch;
    for (int block = 0; block < symbolic.nblocks; ++block) {
        const int k1 = symbolic.R[block], k2 = symbolic.R[block + 1];
        if (k2 - k1 == 1) continue;  // a singleton has no L or U columns
        auto* lu = reinterpret_cast<Unit*>(numeric.LUbx[block]);
        for (int k = 0; k < k2 - k1; ++k) {
            sortByRow(columnOf(lu, numeric.Lip + k1, numeric.Llen + k1, k), scratch);
            sortByRow(columnOf(lu, numeric.Uip + k1, numeric.Ulen + k1, k), scratch);
        }
    }
}

std::vector<int> supernodeEnds(const klu_symbolic& symbolic, const klu_numeric& numeric) {
    std::vector<int> ends(static_cast<std::size_t>(symbolic.n));
    for (int block = 0; block < symbolic.nblocks; ++block) {
        const int k1 = symbolic.R[block], k2 = symbolic.R[block + 1];
        int* local = ends.data() + k1;
        if (k2 - k1 == 1) {
            local[0] = 0;
        } else {
            const BlockFactor b{reinterpret_cast<Unit*>(numeric.LUbx[block]), numeric.Lip + k1, numeric.Llen + k1,
                                numeric.Uip + k1, numeric.Ulen + k1, k2 - k1};
            if (!blockEnds(b, local) || !reachesRunsWhole(b, local)) return {};
        }
        for (int j = 0; j < k2 - k1; ++j) local[j] += k1;
    }
    return ends;
}

} // namespace cablespice::solver
