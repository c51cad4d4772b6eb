#pragma once
#include "solver/mna/slot.hpp"

#include <complex>
#include <span>
#include <vector>

namespace cablespice::solver {

// Values for a SparsePattern: nnz real entries plus one bucket entry (index nnz) that
// absorbs writes to ground rows/columns so stamps need no branches. The bucket is never
// handed to KLU.
template <class Scalar>
class BasicMatrixValues {
public:
    BasicMatrixValues() = default;
    explicit BasicMatrixValues(int nnz) : values_(static_cast<std::size_t>(nnz) + 1, Scalar{}) {}

    void add(Slot slot, Scalar value) { values_[static_cast<std::size_t>(slot)] += value; }
    void set(Slot slot, Scalar value) { values_[static_cast<std::size_t>(slot)] = value; }
    Scalar operator[](Slot slot) const { return values_[static_cast<std::size_t>(slot)]; }
    void clear() { std::fill(values_.begin(), values_.end(), Scalar{}); }

    int nnz() const { return static_cast<int>(values_.size()) - 1; }
    // The nnz values KLU sees (bucket excluded).
    std::span<const Scalar> matrix() const { return {values_.data(), values_.size() - 1}; }
    std::span<Scalar> all() { return values_; }
    std::span<const Scalar> all() const { return values_; }

private:
    std::vector<Scalar> values_;
};

using MatrixValues = BasicMatrixValues<double>;
using ComplexMatrixValues = BasicMatrixValues<std::complex<double>>;

} // namespace cablespice::solver
