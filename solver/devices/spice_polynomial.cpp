#include "solver/devices/spice_polynomial.hpp"

namespace cablespice::solver {

namespace {

// Appends the non-decreasing index tuples of `degree` factors, each at least `from`, after `prefix`.
void appendTuples(std::uint32_t dimensions, std::uint32_t degree, std::uint32_t from, std::vector<std::uint32_t>& prefix,
                  std::vector<std::vector<std::uint32_t>>& out, std::size_t count) {
    if (out.size() >= count) return;
    if (degree == 0) {
        out.push_back(prefix);
        return;
    }
    for (std::uint32_t i = from; i < dimensions && out.size() < count; ++i) {
        prefix.push_back(i);
        appendTuples(dimensions, degree - 1, i, prefix, out, count);
        prefix.pop_back();
    }
}

} // namespace

std::vector<std::vector<std::uint32_t>> polynomialTerms(std::uint32_t dimensions, std::size_t count) {
    std::vector<std::vector<std::uint32_t>> terms;
    std::vector<std::uint32_t> prefix;
    if (dimensions == 0) return terms;
    for (std::uint32_t degree = 0; terms.size() < count; ++degree)
        appendTuples(dimensions, degree, 0, prefix, terms, count);
    return terms;
}

ExpressionTape::Index appendPolynomial(ExpressionTape& tape, std::span<const ExpressionTape::Index> inputs,
                                       std::span<const double> coefficients) {
    const auto terms = polynomialTerms(static_cast<std::uint32_t>(inputs.size()), coefficients.size());
    ExpressionTape::Index sum = tape.constant(coefficients.empty() ? 0.0 : coefficients[0]);
    for (std::size_t k = 1; k < terms.size(); ++k) {
        if (coefficients[k] == 0.0) continue;
        ExpressionTape::Index product = tape.constant(coefficients[k]);
        for (auto factor : terms[k]) product = tape.binary(TapeOp::Multiply, product, inputs[factor]);
        sum = tape.binary(TapeOp::Add, sum, product);
    }
    return sum;
}

} // namespace cablespice::solver
