#include "solver/mna/row_oriented_lu.hpp"

#include <algorithm>
#include <cassert>

namespace cablespice::solver {

void RowOrientedLu::transpose(const Csc& in, Csr& out, bool dropDiagonal) {
    const int n = n_;
    out.start.assign(static_cast<std::size_t>(n) + 1, 0);
    for (int j = 0; j < n; ++j)
        for (int p = in.start[j]; p < in.start[j + 1]; ++p)
            if (!(dropDiagonal && in.row[p] == j)) ++out.start[in.row[p] + 1];
    for (int i = 0; i < n; ++i) out.start[i + 1] += out.start[i];
    out.column.resize(static_cast<std::size_t>(out.start[n]));
    out.value.resize(static_cast<std::size_t>(out.start[n]));
    // Columns are visited in increasing order, so each row's entries come out sorted.
    cursor_.assign(out.start.begin(), out.start.end() - 1);
    for (int j = 0; j < n; ++j)
        for (int p = in.start[j]; p < in.start[j + 1]; ++p) {
            if (dropDiagonal && in.row[p] == j) continue;
            const int q = cursor_[static_cast<std::size_t>(in.row[p])]++;
            out.column[q] = j;
            out.value[q] = in.value[p];
        }
}

void RowOrientedLu::rebuild(klu_symbolic* symbolic, klu_numeric* numeric, klu_common* common) {
    n_ = symbolic->n;
    const auto n = static_cast<std::size_t>(n_);
    const auto sizeCsc = [n](Csc& m, int entries) {
        m.start.resize(n + 1);
        m.row.resize(static_cast<std::size_t>(entries));
        m.value.resize(static_cast<std::size_t>(entries));
    };
    sizeCsc(l_, numeric->lnz);
    sizeCsc(u_, numeric->unz);
    sizeCsc(f_, numeric->nzoff);
    rowPermutation_.resize(n);
    columnPermutation_.resize(n);
    rowScale_.resize(n);
    blockStart_.resize(static_cast<std::size_t>(symbolic->nblocks) + 1);
    const bool extracted = klu_extract(numeric, symbolic, l_.start.data(), l_.row.data(), l_.value.data(), u_.start.data(),
                                       u_.row.data(), u_.value.data(), f_.start.data(), f_.row.data(), f_.value.data(),
                                       rowPermutation_.data(), columnPermutation_.data(), rowScale_.data(),
                                       blockStart_.data(), common);
    assert(extracted && "klu_extract of a valid factorization");
    (void)extracted;
    if (!numeric->Rs) std::fill(rowScale_.begin(), rowScale_.end(), 1.0);
    transpose(l_, lower_, true);
    transpose(u_, upper_, true);
    transpose(f_, off_, false);
    inverseDiagonal_.resize(n);
    for (int j = 0; j < n_; ++j)
        for (int p = u_.start[j]; p < u_.start[j + 1]; ++p)
            if (u_.row[p] == j) inverseDiagonal_[static_cast<std::size_t>(j)] = 1.0 / u_.value[p];
    work_.resize(n);
}

// x = Q (L U + F)^-1 P R^-1 b, block by block from the last (KLU's BTF blocks are upper
// block triangular, F holds the blocks above the diagonal).
void RowOrientedLu::solve(std::span<double> rhs) {
    double* z = work_.data();
    for (int k = 0; k < n_; ++k) z[k] = rhs[static_cast<std::size_t>(rowPermutation_[k])] / rowScale_[k];
    const auto dot = [z](const Csr& m, int row) {
        double sum = 0.0;
        for (int p = m.start[row]; p < m.start[row + 1]; ++p) sum += m.value[p] * z[m.column[p]];
        return sum;
    };
    for (int block = static_cast<int>(blockStart_.size()) - 2; block >= 0; --block) {
        const int first = blockStart_[block], end = blockStart_[block + 1];
        for (int i = first; i < end; ++i) z[i] -= dot(off_, i) + dot(lower_, i);
        for (int i = end - 1; i >= first; --i) z[i] = (z[i] - dot(upper_, i)) * inverseDiagonal_[i];
    }
    for (int k = 0; k < n_; ++k) rhs[static_cast<std::size_t>(columnPermutation_[k])] = z[k];
}

} // namespace cablespice::solver
