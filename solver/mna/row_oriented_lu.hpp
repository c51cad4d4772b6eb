#pragma once
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
// rebuild() copies the factor (klu_extract, then a counting-sort transpose) after every factor
// or refactor; its buffers keep their capacity, so a refactor with the same pivots allocates
// nothing. solve() allocates nothing.
class RowOrientedLu {
public:
    void rebuild(klu_symbolic* symbolic, klu_numeric* numeric, klu_common* common);
    // In-place solve of A x = rhs with the copied factors.
    void solve(std::span<double> rhs);

private:
    struct Csr {
        std::vector<int> start;  // n + 1
        std::vector<int> column;
        std::vector<double> value;
    };
    struct Csc {
        std::vector<int> start, row;
        std::vector<double> value;
    };
    enum class Factor { Lower = 0, Upper = 1, Off = 2 };  // klu_extract's output order
    void extract(Factor factor, klu_symbolic* symbolic, klu_numeric* numeric, klu_common* common);
    void transpose(const Csc& in, Csr& out, bool dropDiagonal);

    int n_ = 0;
    Csc scratch_;             // klu_extract output, one factor at a time
    Csr lower_, upper_, off_; // L without its unit diagonal, U without its diagonal, F
    std::vector<double> inverseDiagonal_;  // 1 / U(k,k)
    std::vector<int> rowPermutation_, columnPermutation_, blockStart_;
    std::vector<double> rowScale_;
    std::vector<double> work_;
    std::vector<int> cursor_;
};

} // namespace cablespice::solver
