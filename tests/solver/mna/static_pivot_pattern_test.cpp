#include "solver/mna/static_pivot_pattern.hpp"

#include "solver/analysis/ac_analysis.hpp"
#include "solver/mna/klu_factorization.hpp"
#include "solver/mna/matrix_values.hpp"
#include "solver/mna/pattern_builder.hpp"
#include "solver/mna/sparse_pattern.hpp"
#include "tests/support/dense_oracle.hpp"

#include <catch2/catch.hpp>

#include <klu.h>

#include <complex>
#include <algorithm>
#include <memory>
#include <numeric>
#include <random>
#include <vector>

using namespace cablespice::solver;

namespace {

using Complex = std::complex<double>;

// An MNA circuit of the kind the AC family factors: `nodes` nodes in a resistor ladder, each
// with a capacitor to ground and some with a resistor to ground, and voltage sources, grounded
// and floating, whose branch rows have the implicit (always zero) diagonal. Values and source
// nodes drawn from a seeded stream.
struct MnaCircuit {
    struct Stamp {
        Unknown row, col;
        Complex value;
    };
    int nodes = 0;
    std::vector<Stamp> stamps;
    std::unique_ptr<SparsePattern> pattern;
    ComplexMatrixValues values{0};

    MnaCircuit(int nodeCount, int groundedSources, int floatingSources, double omega, unsigned seed) : nodes(nodeCount) {
        std::mt19937 random(seed);
        std::uniform_real_distribution<double> decades(0.0, 3.0);
        auto conductance = [&] { return std::pow(10.0, -decades(random)); };
        auto resistor = [&](Unknown a, Unknown b, Complex g) {
            if (a) stamps.push_back({a, a, g});
            if (b) stamps.push_back({b, b, g});
            if (a && b) {
                stamps.push_back({a, b, -g});
                stamps.push_back({b, a, -g});
            }
        };
        for (Unknown node = 1; node < nodes; ++node) resistor(node, node + 1, conductance());
        for (Unknown node = 1; node <= nodes; ++node) {
            resistor(node, 0, Complex(0.0, omega * 1e-9 * conductance()));
            if (node % 5 == 0) resistor(node, 0, conductance());
        }
        Unknown branch = nodes;
        auto source = [&](Unknown plus, Unknown minus) {
            ++branch;
            stamps.push_back({plus, branch, 1.0});
            stamps.push_back({branch, plus, 1.0});
            if (minus) {
                stamps.push_back({minus, branch, -1.0});
                stamps.push_back({branch, minus, -1.0});
            }
        };
        // Every terminal its own node: no two sources in parallel, no loop of sources.
        std::vector<Unknown> terminals(static_cast<std::size_t>(nodes));
        std::iota(terminals.begin(), terminals.end(), 1);
        std::shuffle(terminals.begin(), terminals.end(), random);
        auto next = terminals.begin();
        for (int s = 0; s < groundedSources; ++s) source(*next++, 0);
        for (int s = 0; s < floatingSources; ++s, next += 2) source(next[0], next[1]);
        PatternBuilder builder(branch);
        for (const auto& stamp : stamps)
            builder.add(stamp.row, stamp.col, stamp.row == stamp.col ? EntryKind::Both : EntryKind::Resistive);
        pattern = std::make_unique<SparsePattern>(builder);
        values = ComplexMatrixValues(pattern->nnz());
        for (const auto& stamp : stamps) values.add(pattern->slot(stamp.row, stamp.col), stamp.value);
    }
};

// KLU's own factorization of the same values over the same analysis, at the AC family's fast
// pivot tolerance: the independent reference for the pivot order and the fill.
struct KluReference {
    klu_common common{};
    klu_numeric* numeric = nullptr;
    KluReference(const KluSymbolic& symbolic, const ComplexMatrixValues& values) {
        klu_defaults(&common);
        common.tol = 1e-12;
        const auto& pattern = symbolic.pattern();
        numeric = klu_z_factor(const_cast<int*>(pattern.columnPointers().data()), const_cast<int*>(pattern.rowIndices().data()),
                               reinterpret_cast<double*>(const_cast<Complex*>(values.matrix().data())), symbolic.get(), &common);
    }
    ~KluReference() {
        if (numeric) klu_z_free_numeric(&numeric, &common);
    }
};

} // namespace

// A grounded source's branch row has one node to trade with, so KLU's search, whatever the
// values, makes the trade the pattern alone predicts. (Between a floating source's two nodes KLU
// picks the larger entry; the static choice may differ there, and the accuracy checks decide:
// the next test.)
TEST_CASE("Static pivots take KLU's pivot order on MNA matrices with grounded voltage sources, without a pivot search",
          "[klu][static-pivots]") {
    const unsigned seed = GENERATE(1u, 2u, 3u, 4u, 5u);
    const int sources = GENERATE(1, 4, 9);
    MnaCircuit circuit(60, sources, 0, 2.0 * 3.141592653589793 * 1e3, seed);
    INFO("seed " << seed << ", " << sources << " sources");
    KluSymbolic symbolic(*circuit.pattern);
    const StaticPivotPattern* pivots = symbolic.staticPivots();
    REQUIRE(pivots != nullptr);
    KluReference klu(symbolic, circuit.values);
    REQUIRE(klu.numeric != nullptr);
    const int n = circuit.pattern->size();
    std::vector<int> kluOrder(klu.numeric->Pnum, klu.numeric->Pnum + n);
    CHECK(pivots->rowOfPivot == kluOrder);
    CHECK(pivots->offDiagonalPivots == klu.common.noffdiag);
    CHECK(pivots->offDiagonalPivots > 0);  // the branch rows trade with their nodes
    // KLU's fill, less the structural zeros it stores (the implicit diagonals and their fill).
    const int entries = static_cast<int>(pivots->lowerRows.size() + pivots->upperRows.size()) + 2 * n;
    CHECK(entries <= klu.numeric->lnz + klu.numeric->unz);
}

TEST_CASE("A factorization on static pivots solves the MNA system as a dense LU does", "[klu][static-pivots]") {
    const unsigned seed = GENERATE(7u, 8u, 9u);
    MnaCircuit circuit(80, 3, 3, 2.0 * 3.141592653589793 * 50.0, seed);
    KluSymbolic symbolic(*circuit.pattern);
    KluComplexNumeric numeric(symbolic, acSettings(KluSettings{}));
    REQUIRE(numeric.factorFresh(circuit.values.matrix()).ok());
    CHECK(numeric.usingStaticPivots());
    CHECK(numeric.pivotToleranceUsed() == 0.0);
    CHECK(numeric.counters().factorizations == 1);
    CHECK(numeric.counters().staticFallbacks == 0);

    const int n = circuit.pattern->size();
    Eigen::VectorXcd b(n);
    for (int i = 0; i < n; ++i) b(i) = Complex(1.0 + 0.01 * i, -0.5 + 0.02 * (i % 7));
    const Eigen::VectorXcd expected = cablespice::test::denseMatrix(*circuit.pattern, circuit.values).partialPivLu().solve(b);
    std::vector<Complex> x(b.data(), b.data() + n);
    numeric.solve(x);
    for (int i = 0; i < n; ++i) CHECK(std::abs(x[static_cast<std::size_t>(i)] - expected(i)) <= 1e-10 * expected.norm());
    CHECK(numeric.lastSolvesAccurate());
    // KLU's own transposed solve (the adjoint of .noise and .sens) on the same factors.
    const Eigen::VectorXcd expectedAdjoint =
        cablespice::test::denseMatrix(*circuit.pattern, circuit.values).transpose().partialPivLu().solve(b);
    std::vector<Complex> adjoint(b.data(), b.data() + n);
    numeric.solveTransposed(adjoint);
    for (int i = 0; i < n; ++i)
        CHECK(std::abs(adjoint[static_cast<std::size_t>(i)] - expectedAdjoint(i)) <= 1e-10 * expectedAdjoint.norm());

    // The next frequency refactors on the same pivots and passes the same checks.
    for (auto& stamp : circuit.stamps) stamp.value = Complex(stamp.value.real(), 3.0 * stamp.value.imag());
    ComplexMatrixValues next(circuit.pattern->nnz());
    for (const auto& stamp : circuit.stamps) next.add(circuit.pattern->slot(stamp.row, stamp.col), stamp.value);
    REQUIRE(numeric.refactorIfAccurate(next.matrix()));
    const Eigen::VectorXcd expectedNext = cablespice::test::denseMatrix(*circuit.pattern, next).partialPivLu().solve(b);
    std::vector<Complex> y(b.data(), b.data() + n);
    numeric.solve(y);
    for (int i = 0; i < n; ++i) CHECK(std::abs(y[static_cast<std::size_t>(i)] - expectedNext(i)) <= 1e-10 * expectedNext.norm());
}

// [[e, 1], [1, 1]] with every entry declared: the static pivot e gives a reciprocal growth of
// about e, below the AC family's bound of 1e-14, so the fast tolerance takes over (it pivots on
// the 1 below, e being under 1e-12 of it) and solves it exactly.
TEST_CASE("Static pivots that fail the growth check give way to the fast tolerance's", "[klu][static-pivots]") {
    PatternBuilder builder(2);
    for (Unknown row : {1, 2})
        for (Unknown col : {1, 2}) builder.add(row, col, EntryKind::Resistive);
    const SparsePattern pattern(builder);
    const double e = 1e-17;
    ComplexMatrixValues values(pattern.nnz());
    values.set(pattern.slot(1, 1), e);
    values.set(pattern.slot(1, 2), 1.0);
    values.set(pattern.slot(2, 1), 1.0);
    values.set(pattern.slot(2, 2), 1.0);
    KluSymbolic symbolic(pattern);
    KluComplexNumeric numeric(symbolic, acSettings(KluSettings{}));
    REQUIRE(numeric.factorFresh(values.matrix()).ok());
    CHECK_FALSE(numeric.usingStaticPivots());
    CHECK(numeric.usingFastPivoting());
    CHECK(numeric.counters().staticFallbacks == 1);
    CHECK(numeric.counters().fastFallbacks == 0);
    CHECK(numeric.counters().factorizations == 1);
    // Cramer on b = [1, 2]: det = e - 1, x0 = (1 - 2) / det, x1 = (2e - 1) / det.
    std::vector<Complex> b{1.0, 2.0};
    numeric.solve(b);
    const double det = e - 1.0;
    CHECK(std::abs(b[0] - (-1.0 / det)) <= 1e-15);
    CHECK(std::abs(b[1] - (2.0 * e - 1.0) / det) <= 1e-15);
}

// The implicit diagonal is taken as zero; a caller that writes a value there gets KLU's search.
TEST_CASE("A matrix with a value on an undeclared diagonal is not factored on static pivots", "[klu][static-pivots]") {
    PatternBuilder builder(2);
    builder.add(1, 2, EntryKind::Resistive);
    builder.add(2, 1, EntryKind::Resistive);
    const SparsePattern pattern(builder);
    ComplexMatrixValues values(pattern.nnz());
    values.set(pattern.slot(1, 1), 4.0);
    values.set(pattern.slot(1, 2), 1.0);
    values.set(pattern.slot(2, 1), 1.0);
    values.set(pattern.slot(2, 2), 0.0);
    KluSymbolic symbolic(pattern);
    const StaticPivotPattern* pivots = symbolic.staticPivots();
    REQUIRE(pivots != nullptr);
    CHECK(pivots->takenAsZero.size() == 2);
    CHECK_FALSE(pivots->holdsFor(values.matrix().data()));
    KluComplexNumeric numeric(symbolic, acSettings(KluSettings{}));
    REQUIRE(numeric.factorFresh(values.matrix()).ok());
    CHECK_FALSE(numeric.usingStaticPivots());
    CHECK(numeric.counters().staticFallbacks == 1);
    // [[4, 1], [1, 0]] x = [1, 2]: x = [2, -7].
    std::vector<Complex> b{1.0, 2.0};
    numeric.solve(b);
    CHECK(std::abs(b[0] - 2.0) <= 1e-14);
    CHECK(std::abs(b[1] + 7.0) <= 1e-14);
}
