#include "solver/mna/row_oriented_lu.hpp"

#include <algorithm>
#include <cassert>

namespace cablespice::solver {

namespace {

// Four partial sums: one running sum would chain every multiply-add on the previous one's
// latency, and that chain (not memory) set the pace of the solve. Always inlined: with ~20
// entries per row, a call per row cost ~10 % of the solve (GCC 12 kept it out of line once it
// had six callers).
[[gnu::always_inline]] inline double dotRange(const double* value, const int* column, int begin, int end, const double* z) {
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
    int p = begin;
    for (; p + 4 <= end; p += 4) {
        s0 += value[p] * z[column[p]];
        s1 += value[p + 1] * z[column[p + 1]];
        s2 += value[p + 2] * z[column[p + 2]];
        s3 += value[p + 3] * z[column[p + 3]];
    }
    for (; p < end; ++p) s0 += value[p] * z[column[p]];
    return (s0 + s1) + (s2 + s3);
}

} // namespace

void RowOrientedLu::transpose(const Csc& in, Csr& out, bool dropDiagonal) {
    const int n = n_;
    out.start.assign(static_cast<std::size_t>(n) + 1, 0);
    for (int j = 0; j < n; ++j)
        for (int p = in.start[j]; p < in.start[j + 1]; ++p)
            if (!(dropDiagonal && in.row[p] == j)) ++out.start[in.row[p] + 1];
    for (int i = 0; i < n; ++i) out.start[i + 1] += out.start[i];
    const auto entries = static_cast<std::size_t>(out.start[n]);
    out.column.resize(entries);
    out.value.resize(entries);
    out.source.resize(entries);
    // Columns are visited in increasing order, so each row's entries come out sorted.
    cursor_.assign(out.start.begin(), out.start.end() - 1);
    for (int j = 0; j < n; ++j)
        for (int p = in.start[j]; p < in.start[j + 1]; ++p) {
            if (dropDiagonal && in.row[p] == j) continue;
            const int q = cursor_[static_cast<std::size_t>(in.row[p])]++;
            out.column[q] = j;
            out.source[q] = p;
        }
    copyValues(out);
}

// The scratch holds klu_extract's values of the factor `out` was transposed from.
void RowOrientedLu::copyValues(Csr& out) const {
    const double* from = scratch_.value.data();
    const int* source = out.source.data();
    double* to = out.value.data();
    for (std::size_t q = 0; q < out.value.size(); ++q) to[q] = from[source[q]];
}

// The scratch holds U: 1 / U(k,k) from the remembered diagonal positions.
void RowOrientedLu::invertDiagonal() {
    for (std::size_t j = 0; j < inverseDiagonal_.size(); ++j)
        inverseDiagonal_[j] = 1.0 / scratch_.value[static_cast<std::size_t>(diagonalSource_[j])];
}

void RowOrientedLu::extract(Factor factor, klu_symbolic* symbolic, klu_numeric* numeric, klu_common* common) {
    const int entries = factor == Factor::Lower ? numeric->lnz : factor == Factor::Upper ? numeric->unz : numeric->nzoff;
    scratch_.start.resize(static_cast<std::size_t>(n_) + 1);
    scratch_.row.resize(static_cast<std::size_t>(entries));
    scratch_.value.resize(static_cast<std::size_t>(entries));
    int* start[3] = {nullptr, nullptr, nullptr};
    int* row[3] = {nullptr, nullptr, nullptr};
    double* value[3] = {nullptr, nullptr, nullptr};
    const auto slot = static_cast<std::size_t>(factor);
    start[slot] = scratch_.start.data();
    row[slot] = scratch_.row.data();
    value[slot] = scratch_.value.data();
    // klu_extract skips null outputs; the permutations, scaling and blocks come with L.
    const bool withPermutations = factor == Factor::Lower;
    const bool ok = klu_extract(numeric, symbolic, start[0], row[0], value[0], start[1], row[1], value[1], start[2], row[2],
                                value[2], withPermutations ? rowPermutation_.data() : nullptr,
                                withPermutations ? columnPermutation_.data() : nullptr,
                                withPermutations ? rowScale_.data() : nullptr, withPermutations ? blockStart_.data() : nullptr,
                                common);
    assert(ok && "klu_extract of a valid factorization");
    (void)ok;
}

void RowOrientedLu::rebuild(klu_symbolic* symbolic, klu_numeric* numeric, klu_common* common,
                            const std::optional<DomainSplit>& split, int threads) {
    n_ = symbolic->n;
    const auto n = static_cast<std::size_t>(n_);
    rowPermutation_.resize(n);
    columnPermutation_.resize(n);
    rowScale_.resize(n);
    blockStart_.resize(static_cast<std::size_t>(symbolic->nblocks) + 1);
    work_.resize(n);
    // One factor at a time through one column-oriented scratch, so the copy costs the
    // row-oriented factors plus the largest of L, U and F.
    extract(Factor::Lower, symbolic, numeric, common);
    if (!numeric->Rs) std::fill(rowScale_.begin(), rowScale_.end(), 1.0);
    transpose(scratch_, lower_, true);
    extract(Factor::Upper, symbolic, numeric, common);
    transpose(scratch_, upper_, true);
    inverseDiagonal_.resize(n);
    diagonalSource_.resize(n);
    for (int j = 0; j < n_; ++j)
        for (int p = scratch_.start[j]; p < scratch_.start[j + 1]; ++p)
            if (scratch_.row[p] == j) diagonalSource_[static_cast<std::size_t>(j)] = p;
    invertDiagonal();
    extract(Factor::Off, symbolic, numeric, common);
    transpose(scratch_, off_, false);
    split_.reset();
    twoThreads_ = false;
    if (split && keepsDomains(*split, symbolic->nblocks)) {
        split_ = split;
        prepareSeparator();
        twoThreads_ = threads >= 2;
        if (twoThreads_ && !team_) team_ = std::make_unique<ForkJoinPair>();
    }
}

void RowOrientedLu::refresh(klu_symbolic* symbolic, klu_numeric* numeric, klu_common* common) {
    assert(symbolic->n == n_ && "refresh() after rebuild() of the same numeric object");
    extract(Factor::Lower, symbolic, numeric, common);
    copyValues(lower_);
    extract(Factor::Upper, symbolic, numeric, common);
    copyValues(upper_);
    invertDiagonal();
    extract(Factor::Off, symbolic, numeric, common);
    copyValues(off_);
}

// Partial pivoting may have moved a row across the domains: then a row of the second domain
// would need the first domain's unknowns (L) or a row of the first the second's (U).
bool RowOrientedLu::keepsDomains(const DomainSplit& split, int blocks) const {
    if (blocks != 1 || split.first + split.second + split.separator != n_ || !off_.column.empty()) return false;
    const int secondBegin = split.first, separatorBegin = split.first + split.second;
    for (int i = secondBegin; i < separatorBegin; ++i)
        if (lower_.start[i] < lower_.start[i + 1] && lower_.column[lower_.start[i]] < secondBegin) return false;
    for (int i = 0; i < secondBegin; ++i)
        for (int p = upper_.start[i]; p < upper_.start[i + 1]; ++p)
            if (upper_.column[p] >= secondBegin && upper_.column[p] < separatorBegin) return false;
    return true;
}

// Each separator row of L is sorted by column, so its entries fall into three runs: the first
// domain's columns, the second's, the separator's.
void RowOrientedLu::prepareSeparator() {
    const int separatorBegin = split_->first + split_->second;
    separatorCut_.resize(2 * static_cast<std::size_t>(split_->separator));
    partial_.resize(2 * static_cast<std::size_t>(split_->separator));
    for (int r = 0; r < split_->separator; ++r) {
        const int row = separatorBegin + r;
        const int* begin = lower_.column.data() + lower_.start[row];
        const int* end = lower_.column.data() + lower_.start[row + 1];
        const int* second = std::lower_bound(begin, end, split_->first);
        const int* separator = std::lower_bound(second, end, separatorBegin);
        separatorCut_[2 * r] = static_cast<int>(second - lower_.column.data());
        separatorCut_[2 * r + 1] = static_cast<int>(separator - lower_.column.data());
    }
}

// z[k] = (R^-1 b)[P[k]] for the positions [begin, end).
void RowOrientedLu::gather(std::span<const double> rhs, int begin, int end) {
    for (int k = begin; k < end; ++k) work_[k] = rhs[static_cast<std::size_t>(rowPermutation_[k])] / rowScale_[k];
}

// x[Q[k]] = z[k] for the positions [begin, end).
void RowOrientedLu::scatter(std::span<double> rhs, int begin, int end) const {
    for (int k = begin; k < end; ++k) rhs[static_cast<std::size_t>(columnPermutation_[k])] = work_[k];
}

// U's rows [begin, end), last first; the unknowns after `end` are solved already.
void RowOrientedLu::backSubstitute(int begin, int end) {
    double* z = work_.data();
    for (int i = end - 1; i >= begin; --i)
        z[i] = (z[i] - dotRange(upper_.value.data(), upper_.column.data(), upper_.start[i], upper_.start[i + 1], z)) *
               inverseDiagonal_[i];
}

void RowOrientedLu::solve(std::span<double> rhs) {
    if (split_) solveByDomain(rhs);
    else solveBlocks(rhs);
}

// x = Q (L U + F)^-1 P R^-1 b, block by block from the last (KLU's BTF blocks are upper
// block triangular, F holds the blocks above the diagonal).
void RowOrientedLu::solveBlocks(std::span<double> rhs) {
    double* z = work_.data();
    gather(rhs, 0, n_);
    const auto dot = [z](const Csr& m, int row) {
        return dotRange(m.value.data(), m.column.data(), m.start[row], m.start[row + 1], z);
    };
    for (int block = static_cast<int>(blockStart_.size()) - 2; block >= 0; --block) {
        const int first = blockStart_[block], end = blockStart_[block + 1];
        for (int i = first; i < end; ++i) z[i] -= dot(off_, i) + dot(lower_, i);
        backSubstitute(first, end);
    }
    scatter(rhs, 0, n_);
}

// The same x, one block: forward through both domains (in parallel), then the separator's
// forward and back substitution, then back through both domains (in parallel).
void RowOrientedLu::solveByDomain(std::span<double> rhs) {
    auto forward = [this, rhs](int part) { forwardDomain(part, rhs); };
    auto backward = [this, rhs](int part) { backwardDomain(part, rhs); };
    if (twoThreads_) team_->run(forward);
    else {
        forward(0);
        forward(1);
    }
    solveSeparator(rhs);
    if (twoThreads_) team_->run(backward);
    else {
        backward(0);
        backward(1);
    }
}

// The domain's rows of L need only its own unknowns; its share of each separator row's sum
// is kept in partial_ for solveSeparator.
void RowOrientedLu::forwardDomain(int part, std::span<const double> rhs) {
    double* z = work_.data();
    const int begin = domainBegin(part), end = domainEnd(part);
    gather(rhs, begin, end);
    const double* value = lower_.value.data();
    const int* column = lower_.column.data();
    for (int i = begin; i < end; ++i) z[i] -= dotRange(value, column, lower_.start[i], lower_.start[i + 1], z);
    const int separatorBegin = split_->first + split_->second;
    for (int r = 0; r < split_->separator; ++r) {
        const int from = part == 0 ? lower_.start[separatorBegin + r] : separatorCut_[2 * r];
        const int to = part == 0 ? separatorCut_[2 * r] : separatorCut_[2 * r + 1];
        partial_[2 * r + part] = dotRange(value, column, from, to, z);
    }
}

void RowOrientedLu::solveSeparator(std::span<double> rhs) {
    double* z = work_.data();
    const int begin = split_->first + split_->second;
    gather(rhs, begin, n_);
    for (int r = 0; r < split_->separator; ++r) {
        const int i = begin + r;
        z[i] -= (partial_[2 * r] + partial_[2 * r + 1]) +
                dotRange(lower_.value.data(), lower_.column.data(), separatorCut_[2 * r + 1], lower_.start[i + 1], z);
    }
    backSubstitute(begin, n_);
    scatter(rhs, begin, n_);
}

// The domain's rows of U need its own unknowns and the separator's (solved by now).
void RowOrientedLu::backwardDomain(int part, std::span<double> rhs) {
    const int begin = domainBegin(part), end = domainEnd(part);
    backSubstitute(begin, end);
    scatter(rhs, begin, end);
}

} // namespace cablespice::solver
