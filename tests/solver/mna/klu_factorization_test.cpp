#include "solver/mna/klu_factorization.hpp"

#include "solver/mna/complex_condition_estimate.hpp"
#include "solver/mna/complex_refactor.hpp"
#include "solver/mna/complex_solve.hpp"
#include "solver/mna/complex_supernodes.hpp"
#include "solver/mna/klu_complex_layout.hpp"
#include "solver/mna/klu_numeric_copy.hpp"

#include "solver/analysis/ac_analysis.hpp"
#include "solver/mna/matrix_values.hpp"
#include "solver/mna/pattern_builder.hpp"
#include "solver/mna/sparse_pattern.hpp"
#include "tests/support/dense_oracle.hpp"
#include "tests/support/grid_pattern.hpp"

#include <catch2/catch.hpp>

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstring>
#include <memory>
#include <random>
#include <vector>

using namespace cablespice::solver;
using cablespice::test::denseMatrix;
using cablespice::test::gridPattern;

namespace {

using Complex = std::complex<double>;
template <class Scalar>
using DenseMatrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
template <class Scalar>
using DenseVector = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;

template <class Scalar>
Scalar randomScalar(std::mt19937& rng);
template <>
double randomScalar<double>(std::mt19937& rng) {
    return std::uniform_real_distribution<double>(-1.0, 1.0)(rng);
}
template <>
Complex randomScalar<Complex>(std::mt19937& rng) {
    std::uniform_real_distribution<double> d(-1.0, 1.0);
    return {d(rng), d(rng)};
}

// A random sparse pattern (about `perColumn` off-diagonals per column, plus the diagonal).
std::unique_ptr<SparsePattern> randomPattern(int n, int perColumn, std::mt19937& rng) {
    PatternBuilder builder(n);
    std::uniform_int_distribution<Unknown> pick(1, n);
    for (Unknown col = 1; col <= n; ++col)
        for (int k = 0; k < perColumn; ++k) builder.add(pick(rng), col, EntryKind::Resistive);
    return std::make_unique<SparsePattern>(builder);
}

// Random values on the pattern, made strictly row diagonally dominant (well conditioned).
template <class Scalar>
BasicMatrixValues<Scalar> dominantValues(const SparsePattern& pattern, std::mt19937& rng) {
    BasicMatrixValues<Scalar> values(pattern.nnz());
    std::vector<double> rowSum(static_cast<std::size_t>(pattern.size()), 0.0);
    const auto& ai = pattern.rowIndices();
    for (Slot s = 0; s < pattern.nnz(); ++s) {
        int row = ai[static_cast<std::size_t>(s)];
        if (row == pattern.columnOf(s)) continue;
        Scalar v = randomScalar<Scalar>(rng);
        values.set(s, v);
        rowSum[static_cast<std::size_t>(row)] += std::abs(v);
    }
    for (Unknown u = 1; u <= pattern.size(); ++u) {
        Scalar direction = randomScalar<Scalar>(rng);
        if (std::abs(direction) < 0.1) direction = Scalar(1.0);
        direction /= std::abs(direction);
        values.set(pattern.slot(u, u), direction * (rowSum[static_cast<std::size_t>(u - 1)] + 1.0));
    }
    return values;
}

template <class Scalar>
std::vector<Scalar> randomVector(int n, std::mt19937& rng) {
    std::vector<Scalar> b(static_cast<std::size_t>(n));
    for (auto& v : b) v = randomScalar<Scalar>(rng);
    return b;
}

template <class Scalar>
double relativeError(const std::vector<Scalar>& x, const DenseVector<Scalar>& reference) {
    DenseVector<Scalar> diff = Eigen::Map<const DenseVector<Scalar>>(x.data(), static_cast<Eigen::Index>(x.size())) -
                               reference;
    return diff.norm() / reference.norm();
}

// Solves with KLU (in place) and checks against Eigen's dense partial-pivoting LU.
template <class Scalar>
void checkSolveMatchesDense(KluNumeric<Scalar>& numeric, const SparsePattern& pattern,
                            const BasicMatrixValues<Scalar>& values, std::mt19937& rng) {
    auto b = randomVector<Scalar>(pattern.size(), rng);
    DenseMatrix<Scalar> a = denseMatrix<Scalar>(pattern, values.matrix());
    DenseVector<Scalar> rhs = Eigen::Map<const DenseVector<Scalar>>(b.data(), static_cast<Eigen::Index>(b.size()));
    DenseVector<Scalar> reference = a.partialPivLu().solve(rhs);
    numeric.solve(b);
    CHECK(relativeError(b, reference) < 1e-10);
}

template <class Scalar>
void runRandomSystems() {
    for (int n : {5, 12, 40, 97, 180, 300}) {
        std::mt19937 rng(static_cast<unsigned>(1000 + n));
        INFO("n = " << n);
        auto pattern = randomPattern(n, 3, rng);
        KluSymbolic symbolic(*pattern);
        REQUIRE(symbolic.ok());
        KluNumeric<Scalar> numeric(symbolic);
        auto values = dominantValues<Scalar>(*pattern, rng);
        REQUIRE(numeric.factor(values.matrix()).ok());
        checkSolveMatchesDense(numeric, *pattern, values, rng);
        CHECK(numeric.counters().factorizations == 1);
        CHECK(numeric.counters().refactorizations == 0);
        CHECK(numeric.counters().solves == 1);

        // New values on the same pattern: refactor with the old pivots, no new pivot search.
        for (int round = 0; round < 3; ++round) {
            auto next = dominantValues<Scalar>(*pattern, rng);
            REQUIRE(numeric.factor(next.matrix()).ok());
            checkSolveMatchesDense(numeric, *pattern, next, rng);
        }
        CHECK(numeric.counters().factorizations == 1);
        CHECK(numeric.counters().refactorizations == 3);
        CHECK(numeric.counters().solves == 4);
        CHECK(numeric.lastReciprocalCondition() > 0.0);
    }
}

// The full 2x2 pattern and its values [[a11, a12], [a21, a22]] (the refinement tests).
SparsePattern fullTwoByTwo() {
    PatternBuilder builder(2);
    builder.add(1, 2, EntryKind::Resistive);
    builder.add(2, 1, EntryKind::Resistive);
    return SparsePattern(builder);
}

ComplexMatrixValues twoByTwo(const SparsePattern& pattern, double a11, double a12, double a21, double a22) {
    ComplexMatrixValues values(pattern.nnz());
    values.set(pattern.slot(1, 1), Complex(a11, 0.0));
    values.set(pattern.slot(1, 2), Complex(a12, 0.0));
    values.set(pattern.slot(2, 1), Complex(a21, 0.0));
    values.set(pattern.slot(2, 2), Complex(a22, 0.0));
    return values;
}


} // namespace

TEST_CASE("KLU solves random diagonally dominant real systems like a dense LU and reuses pivots", "[mna]") {
    runRandomSystems<double>();
}

TEST_CASE("KLU solves random diagonally dominant complex systems like a dense LU and reuses pivots", "[mna]") {
    runRandomSystems<Complex>();
}

TEST_CASE("solveMany solves several right-hand sides stored column after column", "[mna]") {
    std::mt19937 rng(77);
    const int n = 60, count = 5;
    auto pattern = randomPattern(n, 4, rng);
    KluSymbolic symbolic(*pattern);

    SECTION("real") {
        KluRealNumeric numeric(symbolic);
        auto values = dominantValues<double>(*pattern, rng);
        REQUIRE(numeric.factor(values.matrix()).ok());
        auto rhs = randomVector<double>(n * count, rng);
        Eigen::MatrixXd b = Eigen::Map<const Eigen::MatrixXd>(rhs.data(), n, count);
        Eigen::MatrixXd reference = denseMatrix(*pattern, values).partialPivLu().solve(b);
        numeric.solveMany(rhs, count);
        Eigen::MatrixXd x = Eigen::Map<const Eigen::MatrixXd>(rhs.data(), n, count);
        for (int j = 0; j < count; ++j) CHECK((x.col(j) - reference.col(j)).norm() / reference.col(j).norm() < 1e-10);
    }
    SECTION("complex") {
        KluComplexNumeric numeric(symbolic);
        auto values = dominantValues<Complex>(*pattern, rng);
        REQUIRE(numeric.factor(values.matrix()).ok());
        auto rhs = randomVector<Complex>(n * count, rng);
        Eigen::MatrixXcd b = Eigen::Map<const Eigen::MatrixXcd>(rhs.data(), n, count);
        Eigen::MatrixXcd reference = denseMatrix(*pattern, values).partialPivLu().solve(b);
        numeric.solveMany(rhs, count);
        Eigen::MatrixXcd x = Eigen::Map<const Eigen::MatrixXcd>(rhs.data(), n, count);
        for (int j = 0; j < count; ++j) CHECK((x.col(j) - reference.col(j)).norm() / reference.col(j).norm() < 1e-10);
    }
}

TEST_CASE("A matrix with an all-zero column is reported as SingularMatrix naming that unknown", "[mna]") {
    // Dense 4x4 pattern; every value of column 3 (unknown 3) is zero.
    PatternBuilder builder(4);
    for (Unknown r = 1; r <= 4; ++r)
        for (Unknown c = 1; c <= 4; ++c) builder.add(r, c, EntryKind::Resistive);
    SparsePattern pattern(builder);
    KluSymbolic symbolic(pattern);
    MatrixValues values(pattern.nnz());
    for (Unknown r = 1; r <= 4; ++r)
        for (Unknown c = 1; c <= 4; ++c)
            if (c != 3) values.set(pattern.slot(r, c), r == c ? 10.0 : 1.0 / (r + c));

    KluRealNumeric numeric(symbolic);
    auto outcome = numeric.factor(values.matrix());
    REQUIRE_FALSE(outcome.ok());
    CHECK(outcome.error().kind == SolveErrorKind::SingularMatrix);
    CHECK(outcome.error().unknown == 3);
}

TEST_CASE("Two identical rows are reported as SingularMatrix", "[mna]") {
    PatternBuilder builder(3);
    for (Unknown r = 1; r <= 3; ++r)
        for (Unknown c = 1; c <= 3; ++c) builder.add(r, c, EntryKind::Resistive);
    SparsePattern pattern(builder);
    KluSymbolic symbolic(pattern);
    MatrixValues values(pattern.nnz());
    const double rows[3][3] = {{2, 1, 0.5}, {1, 3, 1}, {2, 1, 0.5}};
    for (Unknown r = 1; r <= 3; ++r)
        for (Unknown c = 1; c <= 3; ++c) values.set(pattern.slot(r, c), rows[r - 1][c - 1]);
    KluRealNumeric numeric(symbolic);
    auto outcome = numeric.factor(values.matrix());
    REQUIRE_FALSE(outcome.ok());
    CHECK(outcome.error().kind == SolveErrorKind::SingularMatrix);
}

TEST_CASE("A singular refactor is reported and a later good matrix factors again", "[mna]") {
    std::mt19937 rng(5);
    const int n = 8;
    auto pattern = randomPattern(n, 2, rng);
    KluSymbolic symbolic(*pattern);
    KluRealNumeric numeric(symbolic);
    auto good = dominantValues<double>(*pattern, rng);
    REQUIRE(numeric.factor(good.matrix()).ok());

    MatrixValues singular = good;
    for (Slot s = 0; s < pattern->nnz(); ++s)
        if (pattern->columnOf(s) == 4) singular.set(s, 0.0);  // column of unknown 5
    auto outcome = numeric.factor(singular.matrix());
    REQUIRE_FALSE(outcome.ok());
    CHECK(outcome.error().kind == SolveErrorKind::SingularMatrix);

    auto again = dominantValues<double>(*pattern, rng);
    REQUIRE(numeric.factor(again.matrix()).ok());
    checkSolveMatchesDense(numeric, *pattern, again, rng);
}

TEST_CASE("A refactor whose old diagonal pivot became tiny falls back to a full factor", "[mna]") {
    // Also with the row-oriented copy: after the fallback its pattern and pivots are new, so it
    // must be rebuilt, not refreshed with the old positions.
    KluSettings rowSolve;
    rowSolve.rowSolveMinEntries = 1;
    rowSolve.rowSolveAfterSolves = 0;
    const bool copied = GENERATE(false, true);
    const KluSettings settings = copied ? rowSolve : KluSettings{};
    INFO("row-oriented copy: " << copied);
    // [[d, 1], [1, d]]: with d = 1 the diagonal pivots are chosen. With d = 1e-14 the matrix is
    // still well conditioned (det ~ -1), but the old pivot order would divide by 1e-14 and grow
    // U to 1e14. The refactor must be rejected and a new pivot search done.
    // The matrix is symmetric in the two unknowns, so any fill-reducing ordering sees the same.
    PatternBuilder builder(2);
    builder.add(1, 2, EntryKind::Resistive);
    builder.add(2, 1, EntryKind::Resistive);
    SparsePattern pattern(builder);
    KluSymbolic symbolic(pattern, settings);
    KluRealNumeric numeric(symbolic, settings);
    std::mt19937 rng(11);

    MatrixValues first(pattern.nnz());
    first.set(pattern.slot(1, 1), 1.0);
    first.set(pattern.slot(2, 2), 1.0);
    first.set(pattern.slot(1, 2), 0.5);
    first.set(pattern.slot(2, 1), 0.5);
    REQUIRE(numeric.factor(first.matrix()).ok());
    checkSolveMatchesDense(numeric, pattern, first, rng);
    CHECK(numeric.counters().factorizations == 1);

    MatrixValues second(pattern.nnz());
    second.set(pattern.slot(1, 1), 1e-14);
    second.set(pattern.slot(2, 2), 1e-14);
    second.set(pattern.slot(1, 2), 1.0);
    second.set(pattern.slot(2, 1), 1.0);
    REQUIRE(numeric.factor(second.matrix()).ok());
    CHECK(numeric.counters().refactorizations == 1);
    CHECK(numeric.counters().factorizations == 2);

    // Exact solution of [[e,1],[1,e]] x = [1, 2] by Cramer: x0 = (e - 2)/det, x1 = (2e - 1)/det.
    std::vector<double> b{1.0, 2.0};
    numeric.solve(b);
    CHECK(numeric.usingRowSolve() == copied);
    const double e = 1e-14;
    const double det = e * e - 1.0;
    CHECK_THAT(b[0], Catch::Matchers::WithinRel((e * 1.0 - 2.0) / det, 1e-12));
    CHECK_THAT(b[1], Catch::Matchers::WithinRel((e * 2.0 - 1.0) / det, 1e-12));

    // Back to well-behaved values: the new pivots are reused.
    REQUIRE(numeric.factor(first.matrix()).ok());
    checkSolveMatchesDense(numeric, pattern, first, rng);
    CHECK(numeric.counters().factorizations == 2);
    CHECK(numeric.counters().refactorizations == 2);
}

TEST_CASE("A refactor with the same well-behaved values in a bigger block structure keeps one factorization",
          "[mna]") {
    // A tridiagonal chain (like a lumped ladder): refactor after scaling every value.
    const int n = 200;
    PatternBuilder builder(n);
    for (Unknown u = 1; u < n; ++u) {
        builder.add(u, u + 1, EntryKind::Resistive);
        builder.add(u + 1, u, EntryKind::Resistive);
    }
    SparsePattern pattern(builder);
    KluSymbolic symbolic(pattern);
    KluRealNumeric numeric(symbolic);
    std::mt19937 rng(3);
    for (double g : {1.0, 10.0, 0.01}) {
        MatrixValues values(pattern.nnz());
        for (Unknown u = 1; u <= n; ++u) values.set(pattern.slot(u, u), 2.0 * g + 1e-3);
        for (Unknown u = 1; u < n; ++u) {
            values.set(pattern.slot(u, u + 1), -g);
            values.set(pattern.slot(u + 1, u), -g);
        }
        REQUIRE(numeric.factor(values.matrix()).ok());
        checkSolveMatchesDense(numeric, pattern, values, rng);
    }
    CHECK(numeric.counters().factorizations == 1);
    CHECK(numeric.counters().refactorizations == 2);
}

namespace {

// Block upper triangular on purpose (rows of group g reach only columns of groups >= g), so
// KLU's BTF finds several blocks and an off-diagonal part F.
std::unique_ptr<SparsePattern> blockTriangularPattern(int groups, int groupSize, std::mt19937& rng) {
    const int n = groups * groupSize;
    PatternBuilder builder(n);
    std::uniform_int_distribution<int> inGroup(0, groupSize - 1);
    for (int g = 0; g < groups; ++g)
        for (int k = 0; k < 4 * groupSize; ++k) {
            const int row = g * groupSize + inGroup(rng) + 1;
            const int columnGroup = std::uniform_int_distribution<int>(g, groups - 1)(rng);
            builder.add(row, columnGroup * groupSize + inGroup(rng) + 1, EntryKind::Resistive);
        }
    for (Unknown u = 1; u <= n; ++u) builder.add(u, u, EntryKind::Resistive);
    return std::make_unique<SparsePattern>(builder);
}

void checkRowSolve(const SparsePattern& pattern, std::mt19937& rng, bool severalBlocks = false) {
    KluSettings rowSettings;
    rowSettings.rowSolveMinEntries = 1;  // every factor
    rowSettings.rowSolveAfterSolves = 0; // copied right after factoring
    KluSymbolic symbolic(pattern, rowSettings);
    REQUIRE(symbolic.ok());
    if (severalBlocks) CHECK(symbolic.get()->nblocks > 1);
    KluNumeric<double> rows(symbolic, rowSettings);
    KluSettings kluSettings = rowSettings;
    kluSettings.rowSolveMinEntries = 0;  // never: KLU's own solve
    KluNumeric<double> klu(symbolic, kluSettings);
    for (int round = 0; round < 3; ++round) {  // a factor, then refactors with the same pivots
        auto values = dominantValues<double>(pattern, rng);
        // Rows of very different size, so KLU's row scaling matters.
        for (Slot s = 0; s < pattern.nnz(); ++s)
            values.set(s, values.matrix()[static_cast<std::size_t>(s)] * std::pow(10.0, pattern.rowIndices()[static_cast<std::size_t>(s)] % 7 - 3));
        REQUIRE(rows.factor(values.matrix()).ok());
        REQUIRE(klu.factor(values.matrix()).ok());
        CHECK(rows.usingRowSolve());
        CHECK_FALSE(klu.usingRowSolve());
        checkSolveMatchesDense(rows, pattern, values, rng);
        auto b = randomVector<double>(pattern.size(), rng);
        std::vector<double> twice(b);
        twice.insert(twice.end(), b.begin(), b.end());
        auto reference = b;
        klu.solve(reference);
        rows.solveMany(twice, 2);
        for (std::size_t i = 0; i < b.size(); ++i) {
            CHECK(twice[i] == Approx(reference[i]).epsilon(1e-9).margin(1e-12));
            CHECK(twice[i + b.size()] == twice[i]);
        }
    }
    CHECK(rows.counters().factorizations == 1);
    CHECK(rows.counters().refactorizations == 2);
}

} // namespace

TEST_CASE("The row-oriented copy of a real factor solves like KLU, after factor and refactor", "[mna][rowsolve]") {
    for (int n : {1, 12, 97, 300}) {
        INFO("random n = " << n);
        std::mt19937 rng(static_cast<unsigned>(77 + n));
        checkRowSolve(*randomPattern(n, 3, rng), rng);
    }
    std::mt19937 rng(4242);
    INFO("block triangular");
    checkRowSolve(*blockTriangularPattern(5, 20, rng), rng, true);
}

TEST_CASE("Factors below the row-solve threshold keep KLU's solve", "[mna][rowsolve]") {
    std::mt19937 rng(9);
    auto pattern = randomPattern(50, 3, rng);
    KluSymbolic symbolic(*pattern);
    KluNumeric<double> numeric(symbolic);  // default threshold: 100 k factor entries
    REQUIRE(numeric.factor(dominantValues<double>(*pattern, rng).matrix()).ok());
    CHECK_FALSE(numeric.usingRowSolve());
}

TEST_CASE("The row-oriented copy is made on the third solve of a factorization and refreshed after a refactor",
          "[mna][rowsolve]") {
    std::mt19937 rng(31);
    auto pattern = randomPattern(120, 3, rng);
    KluSettings lazy;
    lazy.rowSolveMinEntries = 1;
    lazy.rowSolveAfterSolves = 2;
    KluSymbolic symbolic(*pattern, lazy);
    KluNumeric<double> numeric(symbolic, lazy);
    for (int round = 0; round < 3; ++round) {  // a factor, then refactors with the same pivots
        INFO("round " << round);
        auto values = dominantValues<double>(*pattern, rng);
        REQUIRE(numeric.factor(values.matrix()).ok());
        const bool copiedAt[] = {false, false, true, true};
        for (bool copied : copiedAt) {
            checkSolveMatchesDense(numeric, *pattern, values, rng);
            CHECK(numeric.usingRowSolve() == copied);
        }
    }
    CHECK(numeric.counters().factorizations == 1);
    CHECK(numeric.counters().refactorizations == 2);
    CHECK(numeric.counters().solves == 12);
}

namespace {

// Every pattern is split, every factor is row-solved, and two threads are used as soon as asked.
KluSettings splitSettings(int threads) {
    KluSettings settings;
    settings.splitMinUnknowns = 1;
    settings.rowSolveMinEntries = 1;
    settings.parallelSolveMinEntries = 1;
    settings.rowSolveAfterSolves = 0;
    settings.solveThreads = threads;
    return settings;
}

} // namespace

TEST_CASE("A strip's two-domain factorization solves like KLU, identically on one thread and on two",
          "[mna][rowsolve][split]") {
    std::mt19937 rng(21);
    auto pattern = gridPattern(4, 300);
    KluSymbolic symbolic(*pattern, splitSettings(1));
    REQUIRE(symbolic.ok());
    REQUIRE(symbolic.split());
    KluNumeric<double> one(symbolic, splitSettings(1));
    KluNumeric<double> two(symbolic, splitSettings(2));
    KluSettings kluOnly = splitSettings(1);
    kluOnly.rowSolveMinEntries = 0;
    KluNumeric<double> klu(symbolic, kluOnly);
    for (int round = 0; round < 3; ++round) {  // a factor, then refactors with the same pivots
        auto values = dominantValues<double>(*pattern, rng);
        REQUIRE(one.factor(values.matrix()).ok());
        REQUIRE(two.factor(values.matrix()).ok());
        REQUIRE(klu.factor(values.matrix()).ok());
        CHECK(one.solvingByDomain());
        CHECK_FALSE(one.solvingOnTwoThreads());
        CHECK(two.solvingOnTwoThreads());
        checkSolveMatchesDense(two, *pattern, values, rng);
        for (int r = 0; r < 20; ++r) {
            const auto b = randomVector<double>(pattern->size(), rng);
            auto x1 = b, x2 = b, reference = b;
            one.solve(x1);
            two.solve(x2);
            klu.solve(reference);
            CHECK(x1 == x2);
            for (std::size_t i = 0; i < b.size(); ++i) CHECK(x2[i] == Approx(reference[i]).epsilon(1e-9).margin(1e-12));
        }
    }
    CHECK(two.counters().parallelSolves == 3 * 21);
    CHECK(one.counters().parallelSolves == 0);
    CHECK(two.counters().factorizations == 1);
}

// klu_analyze_given has no fill estimate of its own; the two-domain analysis supplies CAMD's, as
// klu_analyze does AMD's. With diagonal pivots on a symmetric pattern the factor meets it
// exactly, and the factorization leaves the shared analysis as it was.
TEST_CASE("A two-domain analysis carries CAMD's fill count, which diagonal pivots meet exactly", "[mna][split]") {
    std::mt19937 rng(5);
    auto pattern = gridPattern(4, 300);
    KluSymbolic symbolic(*pattern, splitSettings(1));
    REQUIRE(symbolic.split());
    const klu_symbolic& analysis = *symbolic.get();
    REQUIRE(analysis.nblocks == 1);
    const double estimate = analysis.Lnz[0];
    CHECK(estimate > pattern->size());
    CHECK(analysis.lnz == estimate);
    KluNumeric<double> numeric(symbolic, splitSettings(1));
    REQUIRE(numeric.factor(dominantValues<double>(*pattern, rng).matrix()).ok());
    CHECK(numeric.factorEntries() == 2.0 * estimate);  // L and U, each with the diagonal
    CHECK(analysis.Lnz[0] == estimate);
}

TEST_CASE("A pivot taken across the domains drops the two-domain solve and still solves correctly",
          "[mna][rowsolve][split]") {
    std::mt19937 rng(8);
    auto pattern = gridPattern(4, 300);
    const auto ordering = twoDomainOrdering(*pattern);
    REQUIRE(ordering);
    // A first-domain unknown next to the separator gets a zero diagonal and a column dominated by
    // its separator neighbour's row, so partial pivoting must take that row.
    const int separatorBegin = ordering->split.first + ordering->split.second;
    std::vector<int> part(static_cast<std::size_t>(pattern->size()));
    for (int k = 0; k < pattern->size(); ++k)
        part[static_cast<std::size_t>(ordering->permutation[static_cast<std::size_t>(k)])] =
            k < ordering->split.first ? 0 : k < separatorBegin ? 1 : 2;
    auto values = dominantValues<double>(*pattern, rng);
    bool planted = false;
    for (int j = 0; j < pattern->size() && !planted; ++j) {
        if (part[static_cast<std::size_t>(j)] != 0) continue;
        const auto& cp = pattern->columnPointers();
        const auto& ri = pattern->rowIndices();
        for (int k = cp[static_cast<std::size_t>(j)]; k < cp[static_cast<std::size_t>(j) + 1]; ++k)
            if (part[static_cast<std::size_t>(ri[static_cast<std::size_t>(k)])] == 2) planted = true;
        if (!planted) continue;
        for (int k = cp[static_cast<std::size_t>(j)]; k < cp[static_cast<std::size_t>(j) + 1]; ++k) {
            const int row = ri[static_cast<std::size_t>(k)];
            values.set(k, row == j ? 0.0 : part[static_cast<std::size_t>(row)] == 2 ? 1e6 : 1e-3);
        }
    }
    REQUIRE(planted);
    KluSymbolic symbolic(*pattern, splitSettings(2));
    REQUIRE(symbolic.split());
    KluNumeric<double> numeric(symbolic, splitSettings(2));
    REQUIRE(numeric.factor(values.matrix()).ok());
    CHECK(numeric.usingRowSolve());
    CHECK_FALSE(numeric.solvingByDomain());
    checkSolveMatchesDense(numeric, *pattern, values, rng);
}

// [[e, 1], [1, 1]] with e = 1e-10: the tiny pivot tolerance keeps the diagonal pivot e, which
// grows U to 1e10 and leaves a backward error of ~1e-7 (far above maxBackwardError). One step of
// iterative refinement brings the solve back to partial pivoting's accuracy, so the static pivots
// are then accepted; without it the check sends the matrix to the default tolerance.
TEST_CASE("Iterative refinement lets a small static pivot pass the backward-error check and solve accurately",
          "[klu][refine]") {
    const SparsePattern pattern = fullTwoByTwo();
    KluSettings settings;
    settings.fastPivotTolerance = 1e-12;
    settings.minReciprocalGrowth = 1e-14;
    KluSymbolic symbolic(pattern, settings);
    const double e = 1e-10;
    const auto values = twoByTwo(pattern, e, 1.0, 1.0, 1.0);
    // Cramer on b = [1, 2]: det = e - 1, x0 = (1 - 2)/det, x1 = (2e - 1)/det.
    const double det = e - 1.0;
    const Complex x0 = -1.0 / det, x1 = (2.0 * e - 1.0) / det;

    const int steps = GENERATE(0, 1);
    settings.refinementSteps = steps;
    KluComplexNumeric numeric(symbolic, settings);
    REQUIRE(numeric.factorFresh(values.matrix()).ok());
    INFO("refinement steps: " << steps);
    CHECK(numeric.usingFastPivoting() == (steps == 1));
    CHECK(numeric.counters().fastFallbacks == (steps == 1 ? 0 : 1));
    std::vector<Complex> b{1.0, 2.0};
    numeric.solve(b);
    CHECK(std::abs(b[0] - x0) <= 1e-14 * std::abs(x0));
    CHECK(std::abs(b[1] - x1) <= 1e-14 * std::abs(x1));
}

// factorFresh's checks divided between two numeric objects that factor the same values (the
// sweep's threads): the verdict is the one factorFresh reaches alone. The 2x2 matrix
// [[e, 1], [1, a22]] with e = 1e-10 keeps its diagonal pivots (growth 1e10) only with one
// refinement step (the test above); with a22 = 0 their klu_rcond screen is 1e-20 while the
// 1-norm condition number is near 4, which klu_condest confirms.
TEST_CASE("Two numeric objects that divide a fresh factorization's checks reach the verdict of one alone",
          "[klu][refine]") {
    const SparsePattern pattern = fullTwoByTwo();
    const int steps = GENERATE(0, 1);
    const double a22 = GENERATE(1.0, 0.0);
    KluSettings settings = acSettings(KluSettings{});
    settings.refinementSteps = steps;
    settings.minReciprocalGrowth = 1e-14;
    KluSymbolic symbolic(pattern, settings);
    const double e = 1e-10;
    const auto values = twoByTwo(pattern, e, 1.0, 1.0, a22);
    INFO("refinement steps " << steps << ", a22 " << a22);

    KluComplexNumeric conditionChecker(symbolic, settings), otherChecker(symbolic, settings);
    REQUIRE(conditionChecker.factorFreshUnchecked(values.matrix()).ok());
    REQUIRE(otherChecker.factorFreshUnchecked(values.matrix()).ok());
    FreshFactorChecks checks = conditionChecker.checkFresh(FreshCheckShare{true, false, false});
    const FreshFactorChecks others = otherChecker.checkFresh(FreshCheckShare{false, true, true});
    CHECK_FALSE(checks.growthAcceptable.has_value());
    CHECK_FALSE(others.condition.has_value());
    checks.add(others);
    REQUIRE(conditionChecker.settleFresh(checks).ok());
    REQUIRE(otherChecker.settleFresh(checks).ok());

    // Cramer on b = [1, 2]: det = e a22 - 1, x0 = (a22 - 2) / det, x1 = (2e - 1) / det.
    const double det = e * a22 - 1.0;
    const Complex x0 = (a22 - 2.0) / det, x1 = (2.0 * e - 1.0) / det;
    for (KluComplexNumeric* numeric : {&conditionChecker, &otherChecker}) {
        CHECK(numeric->usingFastPivoting() == (steps == 1));
        CHECK(numeric->counters().factorizations == 1);
        CHECK(numeric->counters().fastFallbacks == (numeric->usingFastPivoting() ? 0 : 1));
        std::vector<Complex> b{1.0, 2.0};
        numeric->solve(b);
        CHECK(std::abs(b[0] - x0) <= 1e-14 * std::abs(x0));
        CHECK(std::abs(b[1] - x1) <= 1e-14 * std::abs(x1));
    }
    // The condition was estimated once, by its checker; the other object took its result.
    CHECK(otherChecker.counters().conditionEstimates == 0);
    CHECK(otherChecker.lastReciprocalCondition() == conditionChecker.lastReciprocalCondition());
    if (a22 == 0.0 && steps == 1) {
        CHECK(conditionChecker.counters().conditionEstimates == 1);
        CHECK(conditionChecker.lastReciprocalCondition() > 0.1);  // 1 / kappa_1, not the screen's 1e-20
    }
}

// The AC family's static pivoting: a refactorization that fails the checks says so and keeps
// the pivot order of the full factorization, so the next values are refactored with it again.
TEST_CASE("refactorIfAccurate rejects values the pivot order cannot serve and keeps that order", "[klu][refine]") {
    const SparsePattern pattern = fullTwoByTwo();
    KluSettings settings;
    settings.fastPivotTolerance = 1e-12;
    KluSymbolic symbolic(pattern, settings);
    KluComplexNumeric numeric(symbolic, settings);
    const auto good = twoByTwo(pattern, 1.0, 0.5, 0.5, 1.0);
    const auto zeroDiagonal = twoByTwo(pattern, 0.0, 0.5, 0.5, 0.0);
    const auto again = twoByTwo(pattern, 2.0, 0.5, 0.5, 2.0);
    REQUIRE(numeric.factorFresh(good.matrix()).ok());
    CHECK_FALSE(numeric.refactorIfAccurate(zeroDiagonal.matrix()));  // a zero pivot on the kept order
    CHECK(numeric.refactorIfAccurate(again.matrix()));
    CHECK(numeric.counters().factorizations == 1);
    CHECK(numeric.counters().refactorizations == 2);
    CHECK(numeric.counters().rejectedRefactorizations == 1);
    // [[2, .5], [.5, 2]] x = [1, 0]: x = [2, -.5] / 3.75.
    std::vector<Complex> b{1.0, 0.0};
    numeric.solve(b);
    CHECK(std::abs(b[0] - 2.0 / 3.75) <= 1e-14);
    CHECK(std::abs(b[1] + 0.5 / 3.75) <= 1e-14);
}

// checkEachSolve (the AC family): refactorIfAccurate() skips the test solve, and the caller's
// own solves carry the backward-error check. Pivots chosen on [[4, 1], [1, 1]],
// then values whose kept diagonal pivot is 1e-10: unrefined, the solve misses the bound and says
// so; refined once, it meets it.
TEST_CASE("With checkEachSolve a refactorization is certified by the caller's solves", "[klu][refine]") {
    const SparsePattern pattern = fullTwoByTwo();
    KluSettings settings;
    settings.fastPivotTolerance = 1e-12;
    settings.minReciprocalGrowth = 1e-14;
    settings.checkEachSolve = true;
    KluSymbolic symbolic(pattern, settings);
    const auto benign = twoByTwo(pattern, 4.0, 1.0, 1.0, 1.0);
    const auto tinyPivot = twoByTwo(pattern, 1e-10, 1.0, 1.0, 1.0);
    const int steps = GENERATE(0, 1);
    settings.refinementSteps = steps;
    KluComplexNumeric numeric(symbolic, settings);
    REQUIRE(numeric.factorFresh(benign.matrix()).ok());
    REQUIRE(numeric.usingFastPivoting());
    REQUIRE(numeric.refactorIfAccurate(tinyPivot.matrix()));  // growth and condition pass
    std::vector<Complex> b{1.0, 2.0};
    numeric.solve(b);
    INFO("refinement steps: " << steps);
    CHECK(numeric.lastSolvesAccurate() == (steps == 1));
    CHECK(numeric.counters().rejectedRefactorizations == (steps == 1 ? 0 : 1));
    if (steps == 1) {
        const double det = 1e-10 - 1.0;  // Cramer on b = [1, 2]
        CHECK(std::abs(b[0] - Complex(-1.0 / det)) <= 1e-14);
        CHECK(std::abs(b[1] - Complex((2e-10 - 1.0) / det)) <= 1e-14);
    }
}

namespace {

// A^T y = b by KLU's transposed solve against Eigen's dense LU of the transpose (plain
// transpose: no conjugation for complex values, as adjoint noise and sensitivity need).
template <class Scalar>
void runTransposedSystems() {
    for (int n : {7, 60, 250}) {
        std::mt19937 rng(static_cast<unsigned>(500 + n));
        INFO("n = " << n);
        auto pattern = randomPattern(n, 3, rng);
        KluSymbolic symbolic(*pattern);
        KluNumeric<Scalar> numeric(symbolic);
        auto values = dominantValues<Scalar>(*pattern, rng);
        REQUIRE(numeric.factor(values.matrix()).ok());
        auto b = randomVector<Scalar>(n, rng);
        DenseMatrix<Scalar> a = denseMatrix<Scalar>(*pattern, values.matrix());
        DenseVector<Scalar> rhs = Eigen::Map<const DenseVector<Scalar>>(b.data(), static_cast<Eigen::Index>(n));
        DenseVector<Scalar> reference = a.transpose().partialPivLu().solve(rhs);
        numeric.solveTransposed(b);
        CHECK(relativeError(b, reference) < 1e-10);
    }
}

} // namespace

TEST_CASE("solveTransposed solves A^T y = b for real and complex values on the same factors", "[mna][adjoint]") {
    runTransposedSystems<double>();
    runTransposedSystems<Complex>();
}

// [[e, 1], [2, 1]] with e = 1e-10 under static pivots: A^T = [[e, 2], [1, 1]]; unrefined the
// transposed solve carries the tiny pivot's error, one refinement step restores full accuracy.
TEST_CASE("A transposed solve on static pivots is refined like the plain solve", "[klu][refine][adjoint]") {
    const SparsePattern pattern = fullTwoByTwo();
    KluSettings settings;
    settings.fastPivotTolerance = 1e-12;
    settings.minReciprocalGrowth = 1e-14;
    settings.checkEachSolve = true;
    settings.refinementSteps = 1;
    KluSymbolic symbolic(pattern, settings);
    const auto benign = twoByTwo(pattern, 4.0, 1.0, 2.0, 1.0);
    const double e = 1e-10;
    const auto tinyPivot = twoByTwo(pattern, e, 1.0, 2.0, 1.0);
    KluComplexNumeric numeric(symbolic, settings);
    REQUIRE(numeric.factorFresh(benign.matrix()).ok());
    REQUIRE(numeric.refactorIfAccurate(tinyPivot.matrix()));
    // A^T y = [1, 3]: det = e - 2, y0 = (1 - 6)/det, y1 = (3e - 1)/det.
    std::vector<Complex> y{1.0, 3.0};
    numeric.solveTransposed(y);
    const double det = e - 2.0;
    CHECK(numeric.lastSolvesAccurate());
    CHECK(std::abs(y[0] - Complex(-5.0 / det)) <= 1e-14 * 2.5);
    CHECK(std::abs(y[1] - Complex((3.0 * e - 1.0) / det)) <= 1e-14);
}

// The AC family's settings leave a refactorization's pivot growth out (issue 17): a kept order
// whose pivot is 1e-30 of its column (growth ~1e-30, far below minReciprocalGrowth, which
// rejected it before) is refactored, and the solve's backward error after refinement decides.
// Here one refinement step recovers the exact solution, so the refactorization is kept.
TEST_CASE("AC settings: a refactorization with ruinous growth is kept when its refined solve is accurate",
          "[klu][refine]") {
    const SparsePattern pattern = fullTwoByTwo();
    const KluSettings settings = cablespice::solver::acSettings(KluSettings{});
    REQUIRE_FALSE(settings.checkRefactorGrowth);
    REQUIRE(settings.checkEachSolve);
    KluSymbolic symbolic(pattern, settings);
    KluComplexNumeric numeric(symbolic, settings);
    REQUIRE(numeric.factorFresh(twoByTwo(pattern, 4.0, 1.0, 1.0, 1.0).matrix()).ok());
    REQUIRE(numeric.usingFastPivoting());
    const auto ruinous = twoByTwo(pattern, 1e-30, 1.0, 1.0, 1.0);
    REQUIRE(numeric.refactorIfAccurate(ruinous.matrix()));
    std::vector<Complex> b{1.0, 2.0};
    numeric.solve(b);
    CHECK(numeric.lastSolvesAccurate());
    CHECK(numeric.counters().rejectedRefactorizations == 0);
    const double det = 1e-30 - 1.0;  // Cramer on b = [1, 2]
    CHECK(std::abs(b[0] - Complex(-1.0 / det)) <= 1e-15);
    CHECK(std::abs(b[1] - Complex((2e-30 - 1.0) / det)) <= 1e-15);
}

// The condition screen on a kept pivot order (KluNumeric::checkCondition). [[e, 1], [1, 0]] is
// well conditioned for every small e (its inverse is [[0, 1], [1, -e]], so kappa_1 ~ 1), but on
// the diagonal pivots chosen for [[1, .5], [.5, 1]] its pivots are e and -1/e: klu_rcond reads
// e^2, far below 1e-17. The first such refactorization is confirmed by klu_condest; later ones
// whose screen is no lower need no new estimate; a lower screen, or a new pivot order, gets one.
TEST_CASE("A low pivot-ratio screen no lower than one klu_condest confirmed for the same pivots needs no new estimate",
          "[klu][refine]") {
    const SparsePattern pattern = fullTwoByTwo();
    KluSettings settings = acSettings(KluSettings{});
    KluSymbolic symbolic(pattern, settings);
    KluComplexNumeric numeric(symbolic, settings);
    const auto diagonalPivots = twoByTwo(pattern, 1.0, 0.5, 0.5, 1.0);
    REQUIRE(numeric.factorFresh(diagonalPivots.matrix()).ok());
    CHECK(numeric.counters().conditionEstimates == 0);

    // Each solve checked against Cramer on b = [1, 2]: x = [2, 1 - 2e].
    auto solvesExactly = [&](double e) {
        std::vector<Complex> b{1.0, 2.0};
        numeric.solve(b);
        return numeric.lastSolvesAccurate() && std::abs(b[0] - 2.0) <= 1e-12 && std::abs(b[1] - (1.0 - 2.0 * e)) <= 1e-12;
    };
    const auto e1 = twoByTwo(pattern, 1e-10, 1.0, 1.0, 0.0);
    REQUIRE(numeric.refactorIfAccurate(e1.matrix()));
    CHECK(numeric.lastReciprocalCondition() > 0.1);  // klu_condest's 1 / kappa_1, not the screen's 1e-20
    CHECK(numeric.counters().conditionEstimates == 1);
    CHECK(solvesExactly(1e-10));

    const auto e2 = twoByTwo(pattern, 2e-10, 1.0, 1.0, 0.0);  // screen 4e-20: higher
    REQUIRE(numeric.refactorIfAccurate(e2.matrix()));
    CHECK(numeric.counters().conditionEstimates == 1);
    CHECK(solvesExactly(2e-10));

    const auto e3 = twoByTwo(pattern, 5e-11, 1.0, 1.0, 0.0);  // screen 2.5e-21: lower
    REQUIRE(numeric.refactorIfAccurate(e3.matrix()));
    CHECK(numeric.counters().conditionEstimates == 2);
    CHECK(solvesExactly(5e-11));

    // A zero pivot on the kept order is refused whatever was confirmed before.
    const auto singular = twoByTwo(pattern, 1e-10, 1.0, 1.0, 1e10);  // det = 1 - 1 = 0
    CHECK_FALSE(numeric.refactorIfAccurate(singular.matrix()));

    // A full factorization chooses its pivots anew: its screen is estimated again.
    REQUIRE(numeric.factorFresh(e2.matrix()).ok());
    CHECK(numeric.counters().conditionEstimates == 3);
}

namespace {

// Upper block triangular by construction: blocks of these sizes (singletons among them), random
// entries inside each block and above it, none below; KLU's BTF finds the blocks and the entries
// above them go to its off-diagonal part.
std::unique_ptr<SparsePattern> blockTriangularPattern(std::mt19937& rng) {
    const std::vector<int> sizes{1, 6, 1, 9, 3, 1, 12, 2};
    std::vector<int> blockOf;
    PatternBuilder builder(35);  // the sizes' sum
    Unknown first = 1;
    for (std::size_t b = 0; b < sizes.size(); ++b) {
        const int size = sizes[b];
        // A cycle through the block's unknowns keeps it irreducible.
        for (int i = 0; i + 1 < size; ++i) builder.add(first + i + 1, first + i, EntryKind::Resistive);
        if (size > 1) builder.add(first, first + size - 1, EntryKind::Resistive);
        blockOf.insert(blockOf.end(), static_cast<std::size_t>(size), static_cast<int>(b));
        first += size;
    }
    const int n = static_cast<int>(blockOf.size());
    REQUIRE(n == builder.unknownCount());
    std::uniform_int_distribution<Unknown> pick(1, n);
    for (Unknown col = 1; col <= n; ++col)
        for (int k = 0; k < 3; ++k) {
            const Unknown row = pick(rng);
            if (blockOf[static_cast<std::size_t>(row - 1)] <= blockOf[static_cast<std::size_t>(col - 1)])
                builder.add(row, col, EntryKind::Resistive);
        }
    return std::make_unique<SparsePattern>(builder);
}

// The pattern's arrays as KLU's calls take them (non-const pointers it does not write through).
int* columnPointersOf(const SparsePattern& pattern) { return const_cast<int*>(pattern.columnPointers().data()); }
int* rowIndicesOf(const SparsePattern& pattern) { return const_cast<int*>(pattern.rowIndices().data()); }

// A block triangular pattern's KLU analysis (several blocks, singletons among them, and
// off-diagonal entries), with the raw arrays KLU's complex calls take.
struct BlockTriangularSystem {
    explicit BlockTriangularSystem(std::mt19937& rng) : pattern(blockTriangularPattern(rng)), symbolic(*pattern) {
        REQUIRE(symbolic.get()->nblocks >= 5);
        REQUIRE(symbolic.get()->nzoff > 0);
    }
    std::unique_ptr<SparsePattern> pattern;
    KluSymbolic symbolic;
    int* ap() const { return columnPointersOf(*pattern); }
    int* ai() const { return rowIndicesOf(*pattern); }
};

double* interleaved(ComplexMatrixValues& values) { return reinterpret_cast<double*>(values.all().data()); }

} // namespace

// refactorComplex against klu_z_refactor on the same pivot order: the same row scale factors
// bit for bit (refactorComplex finds each row's largest entry by squared magnitudes and takes
// KLU's hypot of that one: equal unless two entries tie to rounding), pivots and solutions within a few units in the last place (each column of L is
// multiplied by the pivot's reciprocal, KLU divides each entry), solutions right against a
// dense LU, and a zero pivot refused the same way.
TEST_CASE("refactorComplex refactors a kept pivot order as klu_z_refactor does", "[klu][refactor]") {
    std::mt19937 rng(23);
    BlockTriangularSystem system(rng);
    const auto& pattern = system.pattern;
    const KluSymbolic& symbolic = system.symbolic;
    const int n = pattern->size();
    int* ap = system.ap();
    int* ai = system.ai();
    klu_common common;
    klu_defaults(&common);
    auto first = dominantValues<Complex>(*pattern, rng);
    klu_numeric* reference = klu_z_factor(ap, ai, interleaved(first), symbolic.get(), &common);
    klu_numeric* ours = klu_z_factor(ap, ai, interleaved(first), symbolic.get(), &common);
    REQUIRE(reference);
    REQUIRE(ours);
    for (int round = 0; round < 4; ++round) {
        INFO("round " << round);
        auto next = dominantValues<Complex>(*pattern, rng);
        REQUIRE(klu_z_refactor(ap, ai, interleaved(next), symbolic.get(), reference, &common));
        REQUIRE(refactorComplex(ap, ai, interleaved(next), symbolic.get(), ours, &common));
        for (int k = 0; k < n; ++k) {
            CHECK(ours->Rs[k] == reference->Rs[k]);
            const Complex mine = static_cast<Complex*>(ours->Udiag)[k], theirs = static_cast<Complex*>(reference->Udiag)[k];
            CHECK(std::abs(mine - theirs) <= 1e-14 * std::abs(theirs));
        }
        const auto b = randomVector<Complex>(n, rng);
        std::vector<Complex> x = b, y = b;
        REQUIRE(klu_z_solve(symbolic.get(), reference, n, 1, reinterpret_cast<double*>(x.data()), &common));
        REQUIRE(klu_z_solve(symbolic.get(), ours, n, 1, reinterpret_cast<double*>(y.data()), &common));
        const auto dense = denseMatrix<Complex>(*pattern, next.matrix());
        const DenseVector<Complex> exact = dense.fullPivLu().solve(Eigen::Map<const DenseVector<Complex>>(b.data(), n));
        CHECK(relativeError(y, exact) <= 1e-13);
        CHECK(relativeError(y, DenseVector<Complex>(Eigen::Map<const DenseVector<Complex>>(x.data(), n))) <= 1e-14);
        CHECK(relativeError(x, exact) <= 1e-13);
    }
    // A column of zeros: the kept pivot there is exactly zero.
    auto singular = dominantValues<Complex>(*pattern, rng);
    for (Slot s = 0; s < pattern->nnz(); ++s)
        if (pattern->columnOf(s) == 10) singular.set(s, Complex(0.0, 0.0));
    CHECK_FALSE(refactorComplex(ap, ai, interleaved(singular), symbolic.get(), ours, &common));
    CHECK(common.status == KLU_SINGULAR);
    CHECK(common.singular_col == 10);
    klu_z_free_numeric(&reference, &common);
    klu_z_free_numeric(&ours, &common);
}

// refactorSolveComplex against refactorComplex followed by solveComplex: the same factors bit for
// bit (the blocks refactored in the solve's order, L applied as it is computed) and the same
// solution within a few units in the last place (U solved by the pivots' inverses), on a block
// triangular matrix with singletons and off-diagonal blocks, row-scaled
// and not; solutions right against a dense LU; a zero pivot in a large block or in a singleton
// refused as refactorComplex refuses it, and a missing right-hand side refused as invalid.
TEST_CASE("refactorSolveComplex refactors and solves as the two calls do", "[klu][refactor][solve]") {
    std::mt19937 rng(31);
    BlockTriangularSystem system(rng);
    const auto& pattern = system.pattern;
    const klu_symbolic* symbolic = system.symbolic.get();
    const int n = pattern->size();
    int* ap = system.ap();
    int* ai = system.ai();
    for (int scale : {2, 0}) {
        INFO("scale " << scale);
        klu_common common;
        klu_defaults(&common);
        common.scale = scale;
        auto first = dominantValues<Complex>(*pattern, rng);
        klu_numeric* twoCalls = klu_z_factor(ap, ai, interleaved(first), system.symbolic.get(), &common);
        klu_numeric* onePass = klu_z_factor(ap, ai, interleaved(first), system.symbolic.get(), &common);
        REQUIRE(twoCalls);
        REQUIRE(onePass);
        for (int round = 0; round < 3; ++round) {
            INFO("round " << round);
            auto next = dominantValues<Complex>(*pattern, rng);
            const auto b = randomVector<Complex>(n, rng);
            std::vector<Complex> x = b, y = b;
            REQUIRE(refactorComplex(ap, ai, interleaved(next), system.symbolic.get(), twoCalls, &common));
            REQUIRE(solveComplex(system.symbolic.get(), twoCalls, n, 1, reinterpret_cast<double*>(x.data()), &common));
            REQUIRE(refactorSolveComplex(ap, ai, interleaved(next), system.symbolic.get(), onePass, &common,
                                         reinterpret_cast<double*>(y.data())));
            CHECK(relativeError(y, DenseVector<Complex>(Eigen::Map<const DenseVector<Complex>>(x.data(), n))) <= 1e-14);
            for (int k = 0; k < n; ++k) {
                CHECK(static_cast<Complex*>(onePass->Udiag)[k] == static_cast<Complex*>(twoCalls->Udiag)[k]);
                if (scale > 0) CHECK(onePass->Rs[k] == twoCalls->Rs[k]);
            }
            // The factors left behind are the same: a second right-hand side solves alike.
            const auto c = randomVector<Complex>(n, rng);
            std::vector<Complex> u = c, v = c;
            REQUIRE(solveComplex(system.symbolic.get(), twoCalls, n, 1, reinterpret_cast<double*>(u.data()), &common));
            REQUIRE(solveComplex(system.symbolic.get(), onePass, n, 1, reinterpret_cast<double*>(v.data()), &common));
            CHECK(v == u);
            const auto dense = denseMatrix<Complex>(*pattern, next.matrix());
            const DenseVector<Complex> exact = dense.fullPivLu().solve(Eigen::Map<const DenseVector<Complex>>(b.data(), n));
            CHECK(relativeError(y, exact) <= 1e-13);
        }
        // A zero column in a large block, then in a singleton block.
        int singletonColumn = -1, blockColumn = -1;
        for (int block = 0; block < symbolic->nblocks; ++block) {
            const int k1 = symbolic->R[block], size = symbolic->R[block + 1] - k1;
            if (size == 1 && singletonColumn < 0) singletonColumn = symbolic->Q[k1];
            if (size > 2 && blockColumn < 0) blockColumn = symbolic->Q[k1 + 1];
        }
        REQUIRE(singletonColumn >= 0);
        REQUIRE(blockColumn >= 0);
        for (int column : {blockColumn, singletonColumn}) {
            INFO("zero column " << column);
            auto singular = dominantValues<Complex>(*pattern, rng);
            for (Slot s = 0; s < pattern->nnz(); ++s)
                if (pattern->columnOf(s) == column) singular.set(s, Complex(0.0, 0.0));
            std::vector<Complex> z = randomVector<Complex>(n, rng);
            CHECK_FALSE(refactorSolveComplex(ap, ai, interleaved(singular), system.symbolic.get(), onePass, &common,
                                             reinterpret_cast<double*>(z.data())));
            CHECK(common.status == KLU_SINGULAR);
            CHECK(common.singular_col == column);
            CHECK_FALSE(refactorComplex(ap, ai, interleaved(singular), system.symbolic.get(), twoCalls, &common));
            CHECK(common.status == KLU_SINGULAR);
            CHECK(common.singular_col == column);
        }
        CHECK_FALSE(refactorSolveComplex(ap, ai, interleaved(first), system.symbolic.get(), onePass, &common, nullptr));
        CHECK(common.status == KLU_INVALID);
        klu_z_free_numeric(&twoCalls, &common);
        klu_z_free_numeric(&onePass, &common);
    }
}

// refactorSolveComplexPair against refactorSolveComplex for each right-hand side alone: the
// same factors and both solutions bit for bit, row-scaled and not, on a block triangular matrix
// with singletons and off-diagonal blocks, by runs of columns as the AC sweep refactors; a zero
// pivot refused alike and a missing second right-hand side refused as invalid.
TEST_CASE("refactorSolveComplexPair solves two right-hand sides as two single passes do", "[klu][refactor][solve]") {
    std::mt19937 rng(43);
    BlockTriangularSystem system(rng);
    const auto& pattern = system.pattern;
    const int n = pattern->size();
    int* ap = system.ap();
    int* ai = system.ai();
    for (int scale : {2, 0}) {
        INFO("scale " << scale);
        klu_common common;
        klu_defaults(&common);
        common.scale = scale;
        auto first = dominantValues<Complex>(*pattern, rng);
        klu_numeric* single = klu_z_factor(ap, ai, interleaved(first), system.symbolic.get(), &common);
        klu_numeric* pair = klu_z_factor(ap, ai, interleaved(first), system.symbolic.get(), &common);
        REQUIRE(single);
        REQUIRE(pair);
        sortFactorByRow(*system.symbolic.get(), *single);
        sortFactorByRow(*system.symbolic.get(), *pair);
        const std::vector<int> ends = supernodeEnds(*system.symbolic.get(), *pair);
        for (int round = 0; round < 3; ++round) {
            INFO("round " << round);
            auto next = dominantValues<Complex>(*pattern, rng);
            const auto b = randomVector<Complex>(n, rng), c = randomVector<Complex>(n, rng);
            std::vector<Complex> x = b, y = c, u = b, v = c;
            REQUIRE(refactorSolveComplex(ap, ai, interleaved(next), system.symbolic.get(), single, &common,
                                         reinterpret_cast<double*>(x.data()), ends.data()));
            REQUIRE(refactorSolveComplex(ap, ai, interleaved(next), system.symbolic.get(), single, &common,
                                         reinterpret_cast<double*>(y.data()), ends.data()));
            REQUIRE(refactorSolveComplexPair(ap, ai, interleaved(next), system.symbolic.get(), pair, &common,
                                             reinterpret_cast<double*>(u.data()), reinterpret_cast<double*>(v.data()),
                                             ends.data()));
            CHECK(u == x);
            CHECK(v == y);
            for (int k = 0; k < n; ++k) CHECK(static_cast<Complex*>(pair->Udiag)[k] == static_cast<Complex*>(single->Udiag)[k]);
            const auto dense = denseMatrix<Complex>(*pattern, next.matrix());
            const DenseVector<Complex> exact = dense.fullPivLu().solve(Eigen::Map<const DenseVector<Complex>>(c.data(), n));
            CHECK(relativeError(v, exact) <= 1e-13);
        }
        auto singular = dominantValues<Complex>(*pattern, rng);
        for (Slot s = 0; s < pattern->nnz(); ++s)
            if (pattern->columnOf(s) == 10) singular.set(s, Complex(0.0, 0.0));
        std::vector<Complex> z = randomVector<Complex>(n, rng), w = randomVector<Complex>(n, rng);
        CHECK_FALSE(refactorSolveComplexPair(ap, ai, interleaved(singular), system.symbolic.get(), pair, &common,
                                             reinterpret_cast<double*>(z.data()), reinterpret_cast<double*>(w.data())));
        CHECK(common.status == KLU_SINGULAR);
        CHECK(common.singular_col == 10);
        CHECK_FALSE(refactorSolveComplexPair(ap, ai, interleaved(first), system.symbolic.get(), pair, &common,
                                             reinterpret_cast<double*>(z.data()), nullptr));
        CHECK(common.status == KLU_INVALID);
        klu_z_free_numeric(&single, &common);
        klu_z_free_numeric(&pair, &common);
    }
}

// solveComplex against klu_z_solve on the same factors: the same solutions bit for bit, for one
// and for three right-hand sides stored with a leading dimension above n, on a block triangular
// matrix with singletons and off-diagonal blocks, both unscaled and row-scaled; and the
// solutions right against a dense LU.
TEST_CASE("solveComplex solves as klu_z_solve does", "[klu][solve]") {
    std::mt19937 rng(29);
    BlockTriangularSystem system(rng);
    const auto& pattern = system.pattern;
    const KluSymbolic& symbolic = system.symbolic;
    const int n = pattern->size();
    int* ap = system.ap();
    int* ai = system.ai();
    for (int scale : {2, 0}) {
        INFO("scale " << scale);
        klu_common common;
        klu_defaults(&common);
        common.scale = scale;
        auto values = dominantValues<Complex>(*pattern, rng);
        klu_numeric* numeric = klu_z_factor(ap, ai, interleaved(values), symbolic.get(), &common);
        REQUIRE(numeric);
        CHECK((numeric->Rs != nullptr) == (scale > 0));
        const auto dense = denseMatrix<Complex>(*pattern, values.matrix());
        for (int count : {1, 3}) {
            INFO("right-hand sides " << count);
            const int ld = n + 2;
            const auto b = randomVector<Complex>(ld * count, rng);
            std::vector<Complex> theirs = b, ours = b;
            REQUIRE(klu_z_solve(symbolic.get(), numeric, ld, count, reinterpret_cast<double*>(theirs.data()), &common));
            REQUIRE(solveComplex(symbolic.get(), numeric, ld, count, reinterpret_cast<double*>(ours.data()), &common));
            CHECK(ours == theirs);
            for (int r = 0; r < count; ++r) {
                const auto offset = static_cast<std::size_t>(r) * static_cast<std::size_t>(ld);
                const DenseVector<Complex> exact =
                    dense.fullPivLu().solve(Eigen::Map<const DenseVector<Complex>>(b.data() + offset, n));
                CHECK(relativeError(std::vector<Complex>(ours.begin() + offset, ours.begin() + offset + n), exact) <= 1e-13);
                // The padding between the columns is left alone.
                CHECK(ours[offset + static_cast<std::size_t>(n)] == b[offset + static_cast<std::size_t>(n)]);
            }
        }
        CHECK_FALSE(solveComplex(symbolic.get(), numeric, n - 1, 1, nullptr, &common));
        CHECK(common.status == KLU_INVALID);
        klu_z_free_numeric(&numeric, &common);
    }
}

// solveComplexTransposed against klu_z_tsolve on the same factors: the same solutions bit for
// bit, for the plain and the conjugate transpose, one and three right-hand sides with a leading
// dimension above n, unscaled and row-scaled, on a block triangular matrix with singletons and
// off-diagonal blocks; the solutions right against a dense LU of A^T and A^H; the padding left
// alone; invalid arguments refused as KLU refuses them.
TEST_CASE("solveComplexTransposed solves as klu_z_tsolve does", "[klu][solve][adjoint]") {
    std::mt19937 rng(37);
    BlockTriangularSystem system(rng);
    const auto& pattern = system.pattern;
    const KluSymbolic& symbolic = system.symbolic;
    const int n = pattern->size();
    for (int scale : {2, 0}) {
        klu_common common;
        klu_defaults(&common);
        common.scale = scale;
        auto values = dominantValues<Complex>(*pattern, rng);
        klu_numeric* numeric = klu_z_factor(system.ap(), system.ai(), interleaved(values), symbolic.get(), &common);
        REQUIRE(numeric);
        const auto dense = denseMatrix<Complex>(*pattern, values.matrix());
        for (bool conjugate : {false, true}) {
            const DenseMatrix<Complex> transposed = conjugate ? DenseMatrix<Complex>(dense.adjoint())
                                                              : DenseMatrix<Complex>(dense.transpose());
            for (int count : {1, 3}) {
                INFO("scale " << scale << ", conjugate " << conjugate << ", right-hand sides " << count);
                const int ld = n + 2;
                const auto b = randomVector<Complex>(ld * count, rng);
                std::vector<Complex> theirs = b, ours = b;
                REQUIRE(klu_z_tsolve(symbolic.get(), numeric, ld, count, reinterpret_cast<double*>(theirs.data()),
                                     conjugate ? 1 : 0, &common));
                REQUIRE(solveComplexTransposed(symbolic.get(), numeric, ld, count,
                                               reinterpret_cast<double*>(ours.data()), conjugate, &common));
                CHECK(ours == theirs);
                for (int r = 0; r < count; ++r) {
                    const auto offset = static_cast<std::size_t>(r) * static_cast<std::size_t>(ld);
                    const DenseVector<Complex> exact =
                        transposed.fullPivLu().solve(Eigen::Map<const DenseVector<Complex>>(b.data() + offset, n));
                    CHECK(relativeError(std::vector<Complex>(ours.begin() + offset, ours.begin() + offset + n),
                                        exact) <= 1e-13);
                    CHECK(ours[offset + static_cast<std::size_t>(n)] == b[offset + static_cast<std::size_t>(n)]);
                }
            }
        }
        CHECK_FALSE(solveComplexTransposed(symbolic.get(), numeric, n - 1, 1, nullptr, false, &common));
        CHECK(common.status == KLU_INVALID);
        klu_z_free_numeric(&numeric, &common);
    }
}

// conditionEstimateComplex against klu_z_condest on the same factors: the same estimate bit for
// bit (the same steps on solves that are KLU's bit for bit), for well and badly conditioned
// matrices (a column scaled by 1e-9: Hager's iteration then takes more than one step), unscaled
// and row-scaled; the estimate no larger than the 1-norm condition number of a dense inverse and
// within a factor 3 of it; a zero pivot and a missing factorization reported as KLU reports them
// (singular, an infinite estimate).
TEST_CASE("conditionEstimateComplex estimates as klu_z_condest does", "[klu][condest]") {
    std::mt19937 rng(41);
    BlockTriangularSystem system(rng);
    const auto& pattern = system.pattern;
    const KluSymbolic& symbolic = system.symbolic;
    const int n = pattern->size();
    for (int scale : {2, 0})
        for (double columnScale : {1.0, 1e-9}) {
            INFO("scale " << scale << ", column scale " << columnScale);
            klu_common common;
            klu_defaults(&common);
            common.scale = scale;
            auto values = dominantValues<Complex>(*pattern, rng);
            for (Slot s = 0; s < pattern->nnz(); ++s)
                if (pattern->columnOf(s) == n / 2) values.set(s, values.all()[static_cast<std::size_t>(s)] * columnScale);
            klu_numeric* numeric = klu_z_factor(system.ap(), system.ai(), interleaved(values), symbolic.get(), &common);
            REQUIRE(numeric);
            REQUIRE(klu_z_condest(system.ap(), interleaved(values), symbolic.get(), numeric, &common));
            const double theirs = common.condest;
            common.condest = 0.0;
            REQUIRE(conditionEstimateComplex(system.ap(), interleaved(values), symbolic.get(), numeric, &common));
            CHECK(common.status == KLU_OK);
            CHECK(common.condest == theirs);
            const auto dense = denseMatrix<Complex>(*pattern, values.matrix());
            const DenseMatrix<Complex> inverse = dense.inverse();
            const double exact = dense.cwiseAbs().colwise().sum().maxCoeff() * inverse.cwiseAbs().colwise().sum().maxCoeff();
            CHECK(common.condest <= exact * (1.0 + 1e-10));
            CHECK(common.condest >= exact / 3.0);
            if (columnScale < 1.0) CHECK(common.condest > 1e8);
            klu_z_free_numeric(&numeric, &common);
        }
    klu_common common;
    klu_defaults(&common);
    auto values = dominantValues<Complex>(*pattern, rng);
    klu_numeric* numeric = klu_z_factor(system.ap(), system.ai(), interleaved(values), symbolic.get(), &common);
    REQUIRE(numeric);
    static_cast<Complex*>(numeric->Udiag)[n / 3] = Complex(0.0, 0.0);
    REQUIRE(klu_z_condest(system.ap(), interleaved(values), symbolic.get(), numeric, &common));
    CHECK(common.status == KLU_SINGULAR);
    const double theirs = common.condest;
    REQUIRE(conditionEstimateComplex(system.ap(), interleaved(values), symbolic.get(), numeric, &common));
    CHECK(common.status == KLU_SINGULAR);
    CHECK(std::isinf(common.condest));
    CHECK(common.condest == theirs);
    REQUIRE(conditionEstimateComplex(system.ap(), interleaved(values), symbolic.get(), nullptr, &common));
    CHECK(common.status == KLU_SINGULAR);
    CHECK(std::isinf(common.condest));
    CHECK_FALSE(conditionEstimateComplex(nullptr, interleaved(values), symbolic.get(), numeric, &common));
    CHECK(common.status == KLU_INVALID);
    klu_z_free_numeric(&numeric, &common);
}

// copyKluNumeric against the klu_z_factor it copies: every array equal (pivots, factors of
// each block, the singletons' absence of one, off-diagonal blocks, scale factors), workspace of
// its own, solutions bit for bit the same; freed by klu_z_free_numeric with KLU's memory count
// back where it was; and a real factor copied as well.
TEST_CASE("copyKluNumeric copies a factorization that KLU solves with and frees", "[klu][copy]") {
    std::mt19937 rng(41);
    BlockTriangularSystem system(rng);
    const KluSymbolic& symbolic = system.symbolic;
    const int n = system.pattern->size();
    for (int scale : {2, 0}) {
        INFO("scale " << scale);
        klu_common common;
        klu_defaults(&common);
        common.scale = scale;
        auto values = dominantValues<Complex>(*system.pattern, rng);
        klu_numeric* source = klu_z_factor(system.ap(), system.ai(), interleaved(values), symbolic.get(), &common);
        REQUIRE(source);
        const std::size_t before = common.memusage;
        klu_numeric* copy = copyKluNumeric(*source, sizeof(Complex), common);
        REQUIRE(copy);
        CHECK(common.memusage > before);
        CHECK(copy->Work != source->Work);
        CHECK(static_cast<char*>(static_cast<void*>(copy->Iwork)) - static_cast<char*>(copy->Xwork) ==
              static_cast<std::ptrdiff_t>(n * sizeof(Complex)));
        const auto equalInts = [&](const int* a, const int* b, int count) { return std::equal(a, a + count, b); };
        CHECK(equalInts(copy->Pnum, source->Pnum, n));
        CHECK(equalInts(copy->Pinv, source->Pinv, n));
        CHECK(equalInts(copy->Lip, source->Lip, n));
        CHECK(equalInts(copy->Ulen, source->Ulen, n));
        CHECK(equalInts(copy->Offp, source->Offp, n + 1));
        CHECK(equalInts(copy->Offi, source->Offi, source->nzoff));
        CHECK(std::memcmp(copy->Udiag, source->Udiag, n * sizeof(Complex)) == 0);
        CHECK(std::memcmp(copy->Offx, source->Offx, source->nzoff * sizeof(Complex)) == 0);
        CHECK((copy->Rs != nullptr) == (scale > 0));
        if (scale > 0) CHECK(std::equal(copy->Rs, copy->Rs + n, source->Rs));
        int singletons = 0;
        for (int block = 0; block < source->nblocks; ++block) {
            CHECK((copy->LUbx[block] == nullptr) == (source->LUbx[block] == nullptr));
            if (!source->LUbx[block]) {
                ++singletons;
                continue;
            }
            CHECK(copy->LUbx[block] != source->LUbx[block]);
            CHECK(std::memcmp(copy->LUbx[block], source->LUbx[block], source->LUsize[block] * sizeof(Complex)) == 0);
        }
        CHECK(singletons > 0);
        const auto b = randomVector<Complex>(n, rng);
        std::vector<Complex> bySource = b, byCopy = b;
        REQUIRE(klu_z_solve(symbolic.get(), source, n, 1, reinterpret_cast<double*>(bySource.data()), &common));
        REQUIRE(klu_z_solve(symbolic.get(), copy, n, 1, reinterpret_cast<double*>(byCopy.data()), &common));
        CHECK(byCopy == bySource);
        klu_z_free_numeric(&copy, &common);
        CHECK(common.memusage == before);
        klu_z_free_numeric(&source, &common);
    }
    klu_common common;
    klu_defaults(&common);
    auto real = dominantValues<double>(*system.pattern, rng);
    klu_numeric* source = klu_factor(system.ap(), system.ai(), real.all().data(), symbolic.get(), &common);
    REQUIRE(source);
    const std::size_t before = common.memusage;
    klu_numeric* copy = copyKluNumeric(*source, sizeof(double), common);
    REQUIRE(copy);
    auto b = randomVector<double>(n, rng), c = b;
    REQUIRE(klu_solve(symbolic.get(), source, n, 1, b.data(), &common));
    REQUIRE(klu_solve(symbolic.get(), copy, n, 1, c.data(), &common));
    CHECK(c == b);
    klu_free_numeric(&copy, &common);
    CHECK(common.memusage == before);
    klu_free_numeric(&source, &common);
}

// A fresh factorization copied (a sweep's second thread) is the one the object would have made:
// the same checks' verdict, the same solutions and refactorizations bit for bit, no
// factorization counted; and with nothing to copy the object factors itself.
TEST_CASE("copyFreshUnchecked gives the factorization factorFreshUnchecked would", "[klu][copy]") {
    std::mt19937 rng(43);
    BlockTriangularSystem system(rng);
    const int n = system.pattern->size();
    const KluSettings settings = acSettings(KluSettings{});
    KluComplexNumeric factored(system.symbolic, settings), copied(system.symbolic, settings), alone(system.symbolic, settings);
    auto values = dominantValues<Complex>(*system.pattern, rng);
    REQUIRE(factored.factorFreshUnchecked(values.matrix()).ok());
    REQUIRE(copied.copyFreshUnchecked(factored, values.matrix()).ok());
    REQUIRE(alone.factorFresh(values.matrix()).ok());
    FreshFactorChecks checks = factored.checkFresh(FreshCheckShare{true, false, false});
    checks.add(copied.checkFresh(FreshCheckShare{false, true, true}));
    REQUIRE(factored.settleFresh(checks).ok());
    REQUIRE(copied.settleFresh(checks).ok());
    CHECK(copied.counters().factorizations == 0);
    CHECK(copied.usingFastPivoting() == alone.usingFastPivoting());
    CHECK(copied.factorEntries() == alone.factorEntries());
    const auto solveBy = [&](KluComplexNumeric& numeric, const std::vector<Complex>& b) {
        std::vector<Complex> x = b;
        numeric.solve(x);
        return x;
    };
    const auto b = randomVector<Complex>(n, rng);
    CHECK(solveBy(copied, b) == solveBy(alone, b));
    auto next = dominantValues<Complex>(*system.pattern, rng);
    REQUIRE(copied.refactorIfAccurate(next.matrix()));
    REQUIRE(alone.refactorIfAccurate(next.matrix()));
    CHECK(solveBy(copied, b) == solveBy(alone, b));

    KluComplexNumeric nothing(system.symbolic, settings), self(system.symbolic, settings);
    REQUIRE(self.copyFreshUnchecked(nothing, values.matrix()).ok());
    CHECK(self.counters().factorizations == 1);
}

namespace {

// Dense diagonal blocks of the given sizes, not coupled to each other (BTF keeps them apart).
std::unique_ptr<SparsePattern> denseBlocks(const std::vector<int>& sizes) {
    int n = 0;
    for (int size : sizes) n += size;
    PatternBuilder builder(n);
    int first = 1;
    for (int size : sizes) {
        for (int row = first; row < first + size; ++row)
            for (int col = first; col < first + size; ++col) builder.add(row, col, EntryKind::Resistive);
        first += size;
    }
    return std::make_unique<SparsePattern>(builder);
}

// LU of a dense n x n block takes sum_{k=1}^{n-1} (n-k)^2 updates and sum (n-k) scalings:
// (n^3 - n) / 3 multiply-adds (Golub and Van Loan, Matrix Computations, 3.2).
double denseLuMultiplyAdds(int n) { return (static_cast<double>(n) * n * n - n) / 3.0; }

template <class Scalar>
void checkMultiplyAdds(const std::vector<int>& sizes) {
    auto pattern = denseBlocks(sizes);
    KluSymbolic symbolic(*pattern);
    REQUIRE(symbolic.ok());
    KluNumeric<Scalar> numeric(symbolic);
    CHECK(numeric.refactorMultiplyAdds() == 0.0);
    std::mt19937 rng(7);
    auto values = dominantValues<Scalar>(*pattern, rng);
    REQUIRE(numeric.factor(values.matrix()).ok());
    double expected = 0.0;
    for (int size : sizes) expected += denseLuMultiplyAdds(size);
    CHECK(numeric.refactorMultiplyAdds() == expected);
}

} // namespace

TEST_CASE("refactorMultiplyAdds counts a dense block's LU as (n^3 - n) / 3, block by block", "[mna]") {
    for (int n : {1, 2, 3, 5, 9, 16}) {
        INFO("n = " << n);
        checkMultiplyAdds<double>({n});
        checkMultiplyAdds<Complex>({n});
    }
    checkMultiplyAdds<double>({4, 3, 1, 6});
    checkMultiplyAdds<Complex>({4, 3, 1, 6});
}

namespace {

// A KLU complex factor sorted by row as the AC path sorts it (sortFactorByRow).
struct SortedComplexFactor {
    SortedComplexFactor(const SparsePattern& pattern, ComplexMatrixValues& values) : symbolic(pattern) {
        REQUIRE(symbolic.ok());
        klu_defaults(&common);
        numeric = klu_z_factor(columnPointersOf(pattern), rowIndicesOf(pattern), interleaved(values), symbolic.get(), &common);
        REQUIRE(numeric);
        sortFactorByRow(*symbolic.get(), *numeric);
    }
    ~SortedComplexFactor() { klu_z_free_numeric(&numeric, &common); }
    SortedComplexFactor(const SortedComplexFactor&) = delete;
    SortedComplexFactor& operator=(const SortedComplexFactor&) = delete;
    std::vector<int> ends() const { return supernodeEnds(*symbolic.get(), *numeric); }
    KluSymbolic symbolic;
    klu_common common;
    klu_numeric* numeric = nullptr;
};

// An arrow: a diagonal and one hub unknown coupled both ways to every other one.
std::unique_ptr<SparsePattern> arrowPattern(int n) {
    PatternBuilder builder(n);
    for (Unknown k = 1; k <= n; ++k) builder.add(k, k, EntryKind::Resistive);
    for (Unknown k = 1; k < n; ++k) {
        builder.add(k, n, EntryKind::Resistive);
        builder.add(n, k, EntryKind::Resistive);
    }
    return std::make_unique<SparsePattern>(builder);
}

int longestRun(const std::vector<int>& ends) {
    int longest = 0;
    for (std::size_t k = 0; k < ends.size(); ++k)
        if (k == 0 || ends[k - 1] != ends[k]) longest = std::max(longest, ends[k] - static_cast<int>(k) + 1);
    return longest;
}

// Patterns whose factors have runs of five columns or more: strips (the cable's shape; runs where
// the elimination front closes, of odd and even widths) and dense blocks (a run of nine: chunks
// of 4, 4 and 1).
std::vector<std::unique_ptr<SparsePattern>> patternsWithRuns() {
    std::vector<std::unique_ptr<SparsePattern>> patterns;
    patterns.push_back(gridPattern(5, 14));
    patterns.push_back(gridPattern(6, 9));
    patterns.push_back(denseBlocks({9, 1, 6}));
    return patterns;
}

// Column k of a complex factor's L (lower) or U in block `block`, through the layout the
// refactorization reads (klu_complex_layout.hpp), with its values as std::complex.
struct FactorColumn {
    int* rows;
    Complex* values;
    int length;
};
FactorColumn factorColumn(const klu_numeric& numeric, int block, bool lower, int k) {
    auto* lu = static_cast<klu_layout::Unit*>(numeric.LUbx[block]);
    const klu_layout::Column column = lower ? klu_layout::columnOf(lu, numeric.Lip, numeric.Llen, k)
                                            : klu_layout::columnOf(lu, numeric.Uip, numeric.Ulen, k);
    return {const_cast<int*>(column.rows), reinterpret_cast<Complex*>(column.values), column.length};
}

} // namespace

// sortFactorByRow against KLU's own klu_z_sort: every column of L and U the same rows and values
// in the same order, on a factor whose columns KLU left out of row order.
TEST_CASE("sortFactorByRow sorts a complex factor's columns as klu_z_sort does", "[klu][refactor]") {
    std::mt19937 rng(17);
    auto pattern = gridPattern(5, 14);
    auto values = dominantValues<Complex>(*pattern, rng);
    KluSymbolic symbolic(*pattern);
    REQUIRE(symbolic.ok());
    klu_common common;
    klu_defaults(&common);
    int* ap = columnPointersOf(*pattern);
    int* ai = rowIndicesOf(*pattern);
    klu_numeric* theirs = klu_z_factor(ap, ai, interleaved(values), symbolic.get(), &common);
    klu_numeric* ours = klu_z_factor(ap, ai, interleaved(values), symbolic.get(), &common);
    REQUIRE(theirs);
    REQUIRE(ours);
    const klu_symbolic& s = *symbolic.get();
    int unsortedBefore = 0;
    for (int block = 0; block < s.nblocks; ++block)
        for (int k = s.R[block]; k < s.R[block + 1]; ++k) {
            const FactorColumn column = factorColumn(*ours, block, true, k);
            if (!std::is_sorted(column.rows, column.rows + column.length)) ++unsortedBefore;
        }
    CHECK(unsortedBefore > 0);  // otherwise this test would show nothing
    REQUIRE(klu_z_sort(symbolic.get(), theirs, &common));
    sortFactorByRow(s, *ours);
    for (int block = 0; block < s.nblocks; ++block)
        for (int k = s.R[block]; k < s.R[block + 1]; ++k) {
            INFO("pivot " << k);
            for (const bool lower : {true, false}) {
                const FactorColumn mine = factorColumn(*ours, block, lower, k);
                const FactorColumn their = factorColumn(*theirs, block, lower, k);
                REQUIRE(mine.length == their.length);
                REQUIRE((lower ? ours->Lip[k] : ours->Uip[k]) == (lower ? theirs->Lip[k] : theirs->Uip[k]));
                for (int p = 0; p < mine.length; ++p) {
                    CHECK(mine.rows[p] == their.rows[p]);
                    CHECK(mine.values[p] == their.values[p]);
                }
            }
        }
    klu_z_free_numeric(&theirs, &common);
    klu_z_free_numeric(&ours, &common);
}

// Expected runs from the structure alone: a dense block's L is dense below the diagonal, so each
// block is one run (L(:,j) = {j+1..end}); an arrow's L has only the hub (minimum degree orders
// it last) below each leaf, so only the last leaf's column, {hub}, extends the hub's empty one.
TEST_CASE("supernodeEnds finds the runs of columns of a sorted complex factor", "[klu][refactor]") {
    std::mt19937 rng(5);
    SECTION("dense blocks: one run each, singletons alone") {
        auto pattern = denseBlocks({4, 1, 6});
        auto values = dominantValues<Complex>(*pattern, rng);
        SortedComplexFactor factor(*pattern, values);
        const klu_symbolic& s = *factor.symbolic.get();
        REQUIRE(s.nblocks == 3);
        const auto ends = factor.ends();
        REQUIRE(ends.size() == 11u);
        for (int block = 0; block < s.nblocks; ++block)
            for (int k = s.R[block]; k < s.R[block + 1]; ++k) CHECK(ends[static_cast<std::size_t>(k)] == s.R[block + 1] - 1);
    }
    SECTION("an arrow: the leaves alone, the last leaf with the hub") {
        const int n = 8;
        auto pattern = arrowPattern(n);
        auto values = dominantValues<Complex>(*pattern, rng);
        SortedComplexFactor factor(*pattern, values);
        REQUIRE(factor.symbolic.get()->nblocks == 1);
        const auto ends = factor.ends();
        REQUIRE(ends.size() == static_cast<std::size_t>(n));
        for (int k = 0; k < n - 2; ++k) CHECK(ends[static_cast<std::size_t>(k)] == k);
        CHECK(ends[n - 2] == n - 1);
        CHECK(ends[n - 1] == n - 1);
    }
    SECTION("a column out of row order: no runs") {
        auto pattern = denseBlocks({6});
        auto values = dominantValues<Complex>(*pattern, rng);
        SortedComplexFactor factor(*pattern, values);
        REQUIRE_FALSE(factor.ends().empty());
        // Swap the first two rows of L(:,0) (and their values): the column is no longer sorted.
        const FactorColumn column = factorColumn(*factor.numeric, 0, true, 0);
        REQUIRE(column.length == 5);
        std::swap(column.rows[0], column.rows[1]);
        std::swap(column.values[0], column.values[1]);
        CHECK(factor.ends().empty());
    }
}

// refactorComplex and refactorSolveComplex by runs of columns (the columns of a run applied a row
// at a time) against klu_z_refactor on the same pivots and against a dense LU.
TEST_CASE("refactorComplex by runs of columns agrees with klu_z_refactor", "[klu][refactor]") {
    std::mt19937 rng(41);
    for (const auto& pattern : patternsWithRuns()) {
        const int n = pattern->size();
        INFO("n = " << n);
        int* ap = columnPointersOf(*pattern);
        int* ai = rowIndicesOf(*pattern);
        auto first = dominantValues<Complex>(*pattern, rng);
        SortedComplexFactor byRuns(*pattern, first), bySolve(*pattern, first);
        klu_numeric* reference = klu_z_factor(ap, ai, interleaved(first), byRuns.symbolic.get(), &byRuns.common);
        REQUIRE(reference);
        const auto ends = byRuns.ends();
        REQUIRE(ends == bySolve.ends());
        CHECK(longestRun(ends) >= 5);
        for (int round = 0; round < 3; ++round) {
            INFO("round " << round);
            auto next = dominantValues<Complex>(*pattern, rng);
            const auto b = randomVector<Complex>(n, rng);
            std::vector<Complex> x = b, y = b, z = b;
            REQUIRE(klu_z_refactor(ap, ai, interleaved(next), byRuns.symbolic.get(), reference, &byRuns.common));
            REQUIRE(refactorComplex(ap, ai, interleaved(next), byRuns.symbolic.get(), byRuns.numeric, &byRuns.common,
                                    ends.data()));
            REQUIRE(refactorSolveComplex(ap, ai, interleaved(next), bySolve.symbolic.get(), bySolve.numeric,
                                         &bySolve.common, reinterpret_cast<double*>(z.data()), ends.data()));
            for (int k = 0; k < n; ++k) {
                const Complex mine = static_cast<Complex*>(byRuns.numeric->Udiag)[k];
                const Complex theirs = static_cast<Complex*>(reference->Udiag)[k];
                CHECK(std::abs(mine - theirs) <= 1e-13 * std::abs(theirs));
                CHECK(static_cast<Complex*>(bySolve.numeric->Udiag)[k] == mine);
            }
            REQUIRE(klu_z_solve(byRuns.symbolic.get(), reference, n, 1, reinterpret_cast<double*>(x.data()), &byRuns.common));
            REQUIRE(solveComplex(byRuns.symbolic.get(), byRuns.numeric, n, 1, reinterpret_cast<double*>(y.data()),
                                 &byRuns.common));
            const auto dense = denseMatrix<Complex>(*pattern, next.matrix());
            const DenseVector<Complex> exact = dense.fullPivLu().solve(Eigen::Map<const DenseVector<Complex>>(b.data(), n));
            CHECK(relativeError(x, exact) <= 1e-13);
            CHECK(relativeError(y, exact) <= 1e-13);
            CHECK(relativeError(z, exact) <= 1e-13);
        }
        klu_z_free_numeric(&reference, &byRuns.common);
    }
}

// The row update's two builds (complex_row_update.hpp): where the processor has AVX2 the default
// refactorization uses it, and it must give the SSE2 build's factors and solutions bit for bit
// (the same products and sums lane by lane), on runs of odd and even widths and row counts.
// Without AVX2 both calls take the SSE2 build and agree trivially.
TEST_CASE("the refactorization's wide and portable row updates give the same factors", "[klu][refactor]") {
    std::mt19937 rng(43);
    for (const auto& pattern : patternsWithRuns()) {
        const int n = pattern->size();
        INFO("n = " << n);
        int* ap = columnPointersOf(*pattern);
        int* ai = rowIndicesOf(*pattern);
        auto first = dominantValues<Complex>(*pattern, rng);
        SortedComplexFactor wide(*pattern, first), portable(*pattern, first);
        const auto ends = wide.ends();
        REQUIRE(longestRun(ends) >= 5);
        for (int round = 0; round < 2; ++round) {
            auto next = dominantValues<Complex>(*pattern, rng);
            const auto b = randomVector<Complex>(n, rng);
            std::vector<Complex> x = b, y = b;
            REQUIRE(refactorSolveComplex(ap, ai, interleaved(next), wide.symbolic.get(), wide.numeric, &wide.common,
                                         reinterpret_cast<double*>(x.data()), ends.data()));
            REQUIRE(refactorSolveComplex(ap, ai, interleaved(next), portable.symbolic.get(), portable.numeric,
                                         &portable.common, reinterpret_cast<double*>(y.data()), ends.data(), true));
            for (int k = 0; k < n; ++k) {
                CHECK(static_cast<Complex*>(wide.numeric->Udiag)[k] == static_cast<Complex*>(portable.numeric->Udiag)[k]);
                CHECK(x[static_cast<std::size_t>(k)] == y[static_cast<std::size_t>(k)]);
            }
            const klu_symbolic& s = *wide.symbolic.get();
            for (int block = 0; block < s.nblocks; ++block) {
                const int k1 = s.R[block], k2 = s.R[block + 1];
                if (k2 - k1 == 1) continue;
                for (int k = k1; k < k2; ++k) {
                    const FactorColumn mine = factorColumn(*wide.numeric, block, true, k);
                    const FactorColumn theirs = factorColumn(*portable.numeric, block, true, k);
                    for (int p = 0; p < mine.length; ++p) {
                        CHECK(mine.values[p] == theirs.values[p]);
                    }
                }
            }
        }
    }
}
