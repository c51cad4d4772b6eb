#pragma once
#include "solver/mna/two_domain_ordering.hpp"
#include "solver/support/fork_join_pair.hpp"

#include <memory>
#include <optional>
#include <span>
#include <vector>

#include <klu.h>

namespace cablespice::solver {

// A row-oriented (CSR) copy of a real KLU factorization, P (R \ A) Q = L U + F, for solving
// with large factors. KLU's solves run column by column and scatter each column into x; once
// the factor outgrows the cache, those scattered read-modify-writes of x dominate. Row by row,
// each unknown is one dot product that gathers from x: 2.0x faster per solve on the 1e5-unknown
// cable harness, 1.4x at 1e4, slower at 1e3 (bench/README.md), so it is used only for factors
// with at least KluSettings::rowSolveMinEntries nonzeros.
//
// rebuild() copies a new factorization (klu_extract, then a counting-sort transpose) and keeps,
// for every entry of the copy, where klu_extract put its value. After a klu_refactor of the same
// numeric object (same pivots, same pattern) refresh() copies only the values through that map,
// about three times cheaper at 1e5 unknowns. Buffers keep their capacity, so neither allocates
// once sized; solve() allocates nothing.
//
// When the symbolic analysis ordered the matrix as two domains and a separator
// (two_domain_ordering.hpp) and the factors kept that structure through pivoting (checked at
// every rebuild), the two domains' rows are solved independently, on two threads when the
// object was made with two; the separator's rows in between on one. Every row is computed the
// same way with one thread or two, so the results are identical.
class RowOrientedLu {
public:
    // split: the parts of the symbolic's two-domain ordering, if it has one; threads: 1 or 2
    // for solving its domains.
    void rebuild(klu_symbolic* symbolic, klu_numeric* numeric, klu_common* common,
                 const std::optional<DomainSplit>& split = std::nullopt, int threads = 1);
    // The values of a refactorization of the numeric object last given to rebuild(): klu_refactor
    // keeps the pivot order and the pattern, so only the values move.
    void refresh(klu_symbolic* symbolic, klu_numeric* numeric, klu_common* common);
    // In-place solve of A x = rhs with the copied factors.
    void solve(std::span<double> rhs);
    // True when the current factors are solved as two domains (see above).
    bool solvesByDomain() const { return split_.has_value(); }
    bool usesTwoThreads() const { return split_ && twoThreads_; }
    // The helper thread while usesTwoThreads(), else null: other O(n) work of the same step
    // can share it (the transient's charge product and error test).
    ForkJoinPair* team() const { return usesTwoThreads() ? team_.get() : nullptr; }

private:
    struct Csr {
        std::vector<int> start;  // n + 1
        std::vector<int> column;
        std::vector<double> value;
        std::vector<int> source; // per entry: its position in klu_extract's column-oriented output
    };
    struct Csc {
        std::vector<int> start, row;
        std::vector<double> value;
    };
    enum class Factor { Lower = 0, Upper = 1, Off = 2 };  // klu_extract's output order
    void extract(Factor factor, klu_symbolic* symbolic, klu_numeric* numeric, klu_common* common);
    void transpose(const Csc& in, Csr& out, bool dropDiagonal);
    void copyValues(Csr& out) const;
    void invertDiagonal();
    bool keepsDomains(const DomainSplit& split, int blocks) const;
    void prepareSeparator();
    void solveBlocks(std::span<double> rhs);
    void solveByDomain(std::span<double> rhs);
    void forwardDomain(int part, std::span<const double> rhs);
    void solveSeparator(std::span<double> rhs);
    void backwardDomain(int part, std::span<double> rhs);
    void gather(std::span<const double> rhs, int begin, int end);
    void scatter(std::span<double> rhs, int begin, int end) const;
    void backSubstitute(int begin, int end);
    int domainBegin(int part) const { return part == 0 ? 0 : split_->first; }
    int domainEnd(int part) const { return part == 0 ? split_->first : split_->first + split_->second; }

    int n_ = 0;
    Csc scratch_;             // klu_extract output, one factor at a time
    Csr lower_, upper_, off_; // L without its unit diagonal, U without its diagonal, F
    std::vector<double> inverseDiagonal_;  // 1 / U(k,k)
    std::vector<int> diagonalSource_;      // where klu_extract puts U(k,k)
    std::vector<int> rowPermutation_, columnPermutation_, blockStart_;
    std::vector<double> rowScale_;
    std::vector<double> work_;
    std::vector<int> cursor_;

    std::optional<DomainSplit> split_;      // the current factors keep the domains apart
    std::vector<int> separatorCut_;         // per separator row of L: where the second domain and the separator begin
    std::vector<double> partial_;           // the two domains' parts of the separator rows' forward sums
    bool twoThreads_ = false;
    std::unique_ptr<ForkJoinPair> team_;    // the helper thread, from the first split factorization solved with two
};

} // namespace cablespice::solver
