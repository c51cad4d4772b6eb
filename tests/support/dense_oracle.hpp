#pragma once
// Dense views of the sparse MNA structures, for independent checks with Eigen.
#include "solver/mna/matrix_values.hpp"
#include "solver/mna/sparse_pattern.hpp"

#include <Eigen/Dense>

#include <complex>

namespace cablespice::test {

// The n x n matrix held in `values` (row/col u-1 for unknown u). The bucket is ignored.
template <class Scalar>
Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic> denseMatrix(const solver::SparsePattern& pattern,
                                                                   std::span<const Scalar> values) {
    const int n = pattern.size();
    Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic> dense =
        Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>::Zero(n, n);
    const auto& ap = pattern.columnPointers();
    const auto& ai = pattern.rowIndices();
    for (int col = 0; col < n; ++col)
        for (int k = ap[static_cast<std::size_t>(col)]; k < ap[static_cast<std::size_t>(col) + 1]; ++k)
            dense(ai[static_cast<std::size_t>(k)], col) += values[static_cast<std::size_t>(k)];
    return dense;
}

inline Eigen::MatrixXd denseMatrix(const solver::SparsePattern& pattern, const solver::MatrixValues& values) {
    return denseMatrix<double>(pattern, values.matrix());
}

inline Eigen::MatrixXcd denseMatrix(const solver::SparsePattern& pattern, const solver::ComplexMatrixValues& values) {
    return denseMatrix<std::complex<double>>(pattern, values.matrix());
}

} // namespace cablespice::test
