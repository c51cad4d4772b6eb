#include "solver/mna/static_pivot_pattern.hpp"

#include <algorithm>
#include <cstdint>

namespace cablespice::solver {

namespace {

// A row that is not yet pivotal holds flip(k), k the column it is the diagonal of (KLU's FLIP).
constexpr int flip(int column) { return -column - 2; }

bool alwaysZero(const SparsePattern& pattern, int entry) {
    return static_cast<std::uint8_t>(pattern.kind(entry)) == 0;
}

// Works out one block's columns, left to right, as KLU's kernel does without values: column k's
// pattern is the set of rows reached from A(:,k)'s rows in the graph of the columns of L before
// it (Gilbert and Peierls); pivotal rows give U(:,k), the others L(:,k) and the pivot. Rows are
// numbered by their place in the analysis's order until the block is done, then by pivot.
// Symmetric pruning (Eisenstat and Liu, as KLU): once U(j,k) and L(k,j) are both nonzero, the
// rows of L(:,j) that are not pivotal are reached through k as well, so later searches of
// column j stop at its pivotal rows, which a partition puts first.
class BlockSearch {
public:
    BlockSearch(const SparsePattern& pattern, const klu_symbolic& symbolic, const std::vector<int>& placeOf,
                StaticPivotPattern& out, std::vector<int>& offRowsOfA)
        : pattern_(pattern), symbolic_(symbolic), placeOf_(placeOf), out_(out), offRowsOfA_(offRowsOfA) {
        const auto block = static_cast<std::size_t>(symbolic.maxblock);
        mark_.assign(block, -1);
        diagonalOf_.resize(block);
        state_.resize(block);
        searchEnd_.resize(block);
        pruned_.resize(block);
    }

    // False when a column reaches no row to pivot on.
    bool addBlock(int k1, int k2) {
        for (int k = 0; k < k2 - k1; ++k) {
            diagonalOf_[k] = k;
            state_[k] = flip(k);
        }
        for (int k = k1; k < k2; ++k)
            if (!addColumn(k1, k)) return false;
        finishBlock(k1, k2);
        return true;
    }

private:
    bool addColumn(int k1, int column) {
        const int local = column - k1;
        stack_.clear();
        const int original = symbolic_.Q[column];
        const auto& rows = pattern_.rowIndices();
        for (int p = pattern_.columnPointers()[original]; p < pattern_.columnPointers()[original + 1]; ++p) {
            const int place = placeOf_[rows[p]];
            if (place < k1) {
                offRowsOfA_.push_back(rows[p]);
                continue;
            }
            if (alwaysZero(pattern_, p)) {
                out_.takenAsZero.push_back(p);
                continue;
            }
            const int row = place - k1;
            visit(row, column);
        }
        out_.offStart[column + 1] = static_cast<int>(offRowsOfA_.size());
        upper_.clear();
        candidates_.clear();
        while (!stack_.empty()) {
            const int row = stack_.back();
            stack_.pop_back();
            const int j = state_[row];
            if (j < 0) {
                candidates_.push_back(row);
                continue;
            }
            upper_.push_back(j);
            for (int q = out_.lowerStart[k1 + j]; q < searchEnd_[j]; ++q) visit(out_.lowerRows[q], column);
        }
        const int pivot = choosePivot(local, column);
        if (pivot < 0) return false;
        for (int row : candidates_)
            if (row != pivot) out_.lowerRows.push_back(row);
        out_.upperRows.insert(out_.upperRows.end(), upper_.begin(), upper_.end());
        out_.upperStart[column + 1] = static_cast<int>(out_.upperRows.size());
        out_.lowerStart[column + 1] = static_cast<int>(out_.lowerRows.size());
        searchEnd_[local] = out_.lowerStart[column + 1];
        pruned_[local] = false;
        prune(k1, pivot);
        return true;
    }

    void visit(int row, int column) {
        if (mark_[row] == column) return;
        mark_[row] = column;
        stack_.push_back(row);
    }

    // The column's diagonal row when it was reached. Otherwise the reached row that is the
    // diagonal of the nearest later column, and that column takes this one's diagonal row (KLU's
    // bookkeeping): two neighbours in the analysis's order trade rows, which on MNA matrices is a
    // voltage source's branch row trading with one of its nodes', as KLU's search picks them
    // there (on the cable harnesses every such choice is KLU's). -1: no row reached.
    int choosePivot(int local, int column) {
        const int diagonal = diagonalOf_[local];
        int pivot = diagonal;
        if (mark_[diagonal] != column || state_[diagonal] >= 0) {
            if (candidates_.empty()) return -1;
            pivot = *std::min_element(candidates_.begin(), candidates_.end(),
                                      [this](int a, int b) { return flip(state_[a]) < flip(state_[b]); });
            const int other = flip(state_[pivot]);  // flip is its own inverse
            diagonalOf_[other] = diagonal;
            state_[diagonal] = flip(other);
            ++out_.offDiagonalPivots;
        }
        diagonalOf_[local] = pivot;
        state_[pivot] = local;
        return pivot;
    }

    void prune(int k1, int pivot) {
        for (int j : upper_) {
            if (pruned_[j]) continue;
            const auto first = out_.lowerRows.begin() + out_.lowerStart[k1 + j];
            const auto last = out_.lowerRows.begin() + out_.lowerStart[k1 + j + 1];
            if (std::find(first, last, pivot) == last) continue;
            const auto end = std::partition(first, last, [this](int row) { return state_[row] >= 0; });
            searchEnd_[j] = static_cast<int>(end - out_.lowerRows.begin());
            pruned_[j] = true;
        }
    }

    // Rows of L by pivot, every column sorted, and the pivots' rows of A.
    void finishBlock(int k1, int k2) {
        for (int q = out_.lowerStart[k1]; q < out_.lowerStart[k2]; ++q) out_.lowerRows[q] = state_[out_.lowerRows[q]];
        sortColumns(out_.lowerRows, out_.lowerStart, k1, k2);
        sortColumns(out_.upperRows, out_.upperStart, k1, k2);
        for (int k = k1; k < k2; ++k) out_.rowOfPivot[k] = symbolic_.P[k1 + diagonalOf_[k - k1]];
    }

    // Sorts the rows of each of the block's columns by transposing the block's part twice (a
    // counting sort): its long columns (the last ones, ~100 rows) took std::sort twice as long.
    void sortColumns(std::vector<int>& rows, const std::vector<int>& start, int k1, int k2) {
        const int nk = k2 - k1, first = start[k1], last = start[k2];
        if (nk < 2 || last == first) return;
        // rowEnd_[r]: where row r's columns end in byRow_ (after the scatter).
        rowEnd_.assign(static_cast<std::size_t>(nk) + 1, 0);
        for (int q = first; q < last; ++q) ++rowEnd_[rows[q] + 1];
        for (int r = 0; r < nk; ++r) rowEnd_[r + 1] += rowEnd_[r];
        byRow_.resize(static_cast<std::size_t>(last - first));
        for (int k = k1; k < k2; ++k)
            for (int q = start[k]; q < start[k + 1]; ++q) byRow_[rowEnd_[rows[q]]++] = k - k1;
        next_.assign(start.begin() + k1, start.begin() + k2);
        for (int r = 0, q = 0; r < nk; ++r)
            for (; q < rowEnd_[r]; ++q) rows[next_[byRow_[q]]++] = r;
    }

    const SparsePattern& pattern_;
    const klu_symbolic& symbolic_;
    const std::vector<int>& placeOf_;  // row of A -> its place in the analysis's row order
    StaticPivotPattern& out_;
    std::vector<int>& offRowsOfA_;
    std::vector<int> mark_;        // block row -> the last column that reached it
    std::vector<int> diagonalOf_;  // block column -> its diagonal row (its pivot, once chosen)
    std::vector<int> state_;       // block row -> its pivot column, or flip(the column it is the diagonal of)
    std::vector<int> searchEnd_;   // block column -> end of the rows of L that searches follow
    std::vector<char> pruned_;
    std::vector<int> stack_, upper_, candidates_;
    std::vector<int> rowEnd_, byRow_, next_;  // sortColumns' workspace
};

} // namespace

std::optional<StaticPivotPattern> staticPivotPattern(const SparsePattern& pattern, const klu_symbolic& symbolic) {
    const int n = symbolic.n;
    if (n != pattern.size() || n == 0) return std::nullopt;
    const auto size = static_cast<std::size_t>(n);
    std::vector<int> placeOf(size);
    for (int k = 0; k < n; ++k) placeOf[static_cast<std::size_t>(symbolic.P[k])] = k;
    StaticPivotPattern out;
    out.rowOfPivot.resize(size);
    out.lowerStart.assign(size + 1, 0);
    out.upperStart.assign(size + 1, 0);
    out.offStart.assign(size + 1, 0);
    // AMD's count of L with its diagonal: this pattern's when A(P,Q) is structurally symmetric,
    // close to it on circuit matrices.
    if (symbolic.lnz > n) {
        out.lowerRows.reserve(static_cast<std::size_t>(symbolic.lnz) - size);
        out.upperRows.reserve(static_cast<std::size_t>(symbolic.lnz) - size);
    }
    std::vector<int> offRowsOfA;
    offRowsOfA.reserve(static_cast<std::size_t>(symbolic.nzoff));
    BlockSearch search(pattern, symbolic, placeOf, out, offRowsOfA);
    for (int block = 0; block < symbolic.nblocks; ++block) {
        if (!search.addBlock(symbolic.R[block], symbolic.R[block + 1])) return std::nullopt;
    }
    // The entries left of the blocks by their rows' final pivots.
    std::vector<int> pivotOf(size);
    for (int k = 0; k < n; ++k) pivotOf[static_cast<std::size_t>(out.rowOfPivot[static_cast<std::size_t>(k)])] = k;
    out.offRows.resize(offRowsOfA.size());
    std::transform(offRowsOfA.begin(), offRowsOfA.end(), out.offRows.begin(),
                   [&](int row) { return pivotOf[static_cast<std::size_t>(row)]; });
    return out;
}

} // namespace cablespice::solver
