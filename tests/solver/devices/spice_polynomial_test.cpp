#include "solver/devices/spice_polynomial.hpp"

#include <catch2/catch.hpp>

#include <vector>

// SPICE2's POLY term order (the SPICE2G.6 user's guide, controlled sources: for POLY(3)
// "fa^2, fa*fb, fa*fc, fb^2, fb*fc, fc^2, fa^3, fa^2*fb, fa^2*fc, fa*fb^2, fa*fb*fc, fa*fc^2,
// fb^3, ...") and the tape built from it against the hand-expanded polynomial.

using namespace cablespice::solver;
using Terms = std::vector<std::vector<std::uint32_t>>;

TEST_CASE("POLY(3) terms come in SPICE2 order: constant, linear, then products with non-decreasing factors",
          "[device][poly]") {
    const Terms expected = {{},        {0},       {1},       {2},       {0, 0},    {0, 1},    {0, 2},
                            {1, 1},    {1, 2},    {2, 2},    {0, 0, 0}, {0, 0, 1}, {0, 0, 2}, {0, 1, 1},
                            {0, 1, 2}, {0, 2, 2}, {1, 1, 1}};
    CHECK(polynomialTerms(3, expected.size()) == expected);
}

TEST_CASE("POLY(1) terms are the powers of its one input, and POLY(2) reaches degree 4 in order", "[device][poly]") {
    CHECK(polynomialTerms(1, 5) == Terms{{}, {0}, {0, 0}, {0, 0, 0}, {0, 0, 0, 0}});
    const Terms two = polynomialTerms(2, 15);
    CHECK(two[5] == std::vector<std::uint32_t>{1, 1});
    CHECK(two[6] == std::vector<std::uint32_t>{0, 0, 0});
    CHECK(two[9] == std::vector<std::uint32_t>{1, 1, 1});
    CHECK(two[10] == std::vector<std::uint32_t>{0, 0, 0, 0});
    CHECK(two[14] == std::vector<std::uint32_t>{1, 1, 1, 1});
}

TEST_CASE("A POLY(2) tape equals the hand-expanded polynomial and its gradient the hand derivatives", "[device][poly]") {
    // p0 + p1 a + p2 b + p3 a^2 + p4 a b + p5 b^2 + p6 a^3 + p7 a^2 b
    const std::vector<double> p = {0.5, 2.0, -3.0, 0.25, 1.5, -0.75, 0.125, -2.0};
    ExpressionTape tape;
    const ExpressionTape::Index inputs[] = {tape.variable(0), tape.variable(1)};
    appendPolynomial(tape, inputs, p);
    tape.finish(2);
    for (const auto& [a, b] : {std::pair{0.3, -1.2}, std::pair{-2.0, 0.7}, std::pair{1.1, 2.5}}) {
        const double expected = p[0] + p[1] * a + p[2] * b + p[3] * a * a + p[4] * a * b + p[5] * b * b +
                                p[6] * a * a * a + p[7] * a * a * b;
        const double dA = p[1] + 2 * p[3] * a + p[4] * b + 3 * p[6] * a * a + 2 * p[7] * a * b;
        const double dB = p[2] + p[4] * a + 2 * p[5] * b + p[7] * a * a;
        std::vector<double> gradient(2);
        CHECK_THAT(tape.evaluate(std::vector<double>{a, b}, 0.0, gradient), Catch::Matchers::WithinRel(expected, 1e-14));
        CHECK_THAT(gradient[0], Catch::Matchers::WithinRel(dA, 1e-14));
        CHECK_THAT(gradient[1], Catch::Matchers::WithinRel(dB, 1e-14));
    }
}
