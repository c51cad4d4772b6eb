#pragma once
#include "solver/devices/expression_tape.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace cablespice::solver {

// The terms of a SPICE2 POLY(n) source in coefficient order: p0 (no factor), then x1 .. xn,
// then every product of d factors for d = 2, 3, ..., the factors' indices non-decreasing and
// the products in lexicographic order (for n = 2: x1^2, x1 x2, x2^2, x1^3, x1^2 x2, ...).
// Term k lists the 0-based indices of its factors; `count` terms are returned.
std::vector<std::vector<std::uint32_t>> polynomialTerms(std::uint32_t dimensions, std::size_t count);

// Appends sum_k coefficients[k] * term_k(inputs) to `tape` (terms with a zero coefficient
// are left out) and returns the index of the sum.
ExpressionTape::Index appendPolynomial(ExpressionTape& tape, std::span<const ExpressionTape::Index> inputs,
                                       std::span<const double> coefficients);

} // namespace cablespice::solver
