#include "solver/mna/matrix_values.hpp"
#include "solver/mna/pattern_builder.hpp"
#include "solver/mna/sparse_pattern.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <random>
#include <utility>

using namespace cablespice::solver;

namespace {

using Key = std::pair<Unknown, Unknown>;  // (col, row): CSC order

// Reference: what the pattern must contain, with the OR of every declared kind.
std::map<Key, std::uint8_t> referenceEntries(int n, const std::vector<PatternBuilder::Entry>& declared) {
    std::map<Key, std::uint8_t> ref;
    for (Unknown u = 1; u <= n; ++u) ref[{u, u}] |= 0;  // diagonals always present
    for (const auto& e : declared) {
        if (e.row == kGround || e.col == kGround) continue;
        ref[{e.col, e.row}] |= static_cast<std::uint8_t>(e.kind);
    }
    return ref;
}

void checkStructure(const SparsePattern& pattern, int n, const std::map<Key, std::uint8_t>& ref) {
    const auto& ap = pattern.columnPointers();
    const auto& ai = pattern.rowIndices();
    REQUIRE(pattern.size() == n);
    REQUIRE(ap.size() == static_cast<std::size_t>(n) + 1);
    REQUIRE(ap.front() == 0);
    REQUIRE(ap.back() == pattern.nnz());
    REQUIRE(pattern.nnz() == static_cast<int>(ref.size()));
    REQUIRE(pattern.bucket() == pattern.nnz());

    // Rows strictly increasing inside every column (sorted, no duplicates), all in range.
    for (int col = 0; col < n; ++col) {
        REQUIRE(ap[col] <= ap[col + 1]);
        for (int k = ap[col]; k < ap[col + 1]; ++k) {
            REQUIRE(ai[k] >= 0);
            REQUIRE(ai[k] < n);
            if (k > ap[col]) REQUIRE(ai[k - 1] < ai[k]);
        }
    }
    // The CSC arrays enumerate exactly the reference set, in CSC order.
    auto it = ref.begin();
    for (int col = 0; col < n; ++col)
        for (int k = ap[col]; k < ap[col + 1]; ++k, ++it) {
            REQUIRE(it != ref.end());
            CHECK(it->first.first == col + 1);
            CHECK(it->first.second == ai[k] + 1);
        }
    // Slot lookup agrees with the arrays; every diagonal is present.
    for (const auto& [key, kind] : ref) {
        auto [col, row] = key;
        REQUIRE(pattern.contains(row, col));
        Slot s = pattern.slot(row, col);
        REQUIRE(s >= 0);
        REQUIRE(s < pattern.nnz());
        CHECK(ai[static_cast<std::size_t>(s)] == row - 1);
        CHECK(pattern.columnOf(s) == col - 1);
        auto stored = static_cast<std::uint8_t>(pattern.kind(s));
        if (row != col) CHECK(stored == kind);
        else CHECK((stored & kind) == kind);  // diagonals: declared bits kept (implicit diagonal may add more)
    }
    for (Unknown u = 1; u <= n; ++u) CHECK(pattern.contains(u, u));
}

} // namespace

TEST_CASE("A pattern without declared entries holds exactly the diagonal", "[mna]") {
    PatternBuilder builder(4);
    SparsePattern pattern(builder);
    CHECK(pattern.nnz() == 4);
    CHECK(pattern.columnPointers() == std::vector<int>{0, 1, 2, 3, 4});
    CHECK(pattern.rowIndices() == std::vector<int>{0, 1, 2, 3});
    for (Unknown u = 1; u <= 4; ++u) CHECK(pattern.slot(u, u) == u - 1);
}

TEST_CASE("An empty circuit gives an empty pattern whose only slot is the bucket", "[mna]") {
    PatternBuilder builder(0);
    builder.add(kGround, kGround, EntryKind::Resistive);
    SparsePattern pattern(builder);
    CHECK(pattern.size() == 0);
    CHECK(pattern.nnz() == 0);
    CHECK(pattern.columnPointers() == std::vector<int>{0});
    CHECK(pattern.slot(kGround, kGround) == pattern.bucket());
    CHECK(pattern.bucket() == 0);
}

TEST_CASE("Declared entries become sorted CSC with duplicates merged and kinds OR-ed", "[mna]") {
    PatternBuilder builder(4);
    // Deliberately unsorted, with duplicates of mixed kinds.
    builder.add(3, 1, EntryKind::Resistive);
    builder.add(1, 3, EntryKind::Reactive);
    builder.add(2, 1, EntryKind::Resistive);
    builder.add(3, 1, EntryKind::Reactive);   // duplicate, other kind -> Both
    builder.add(4, 2, EntryKind::Reactive);
    builder.add(4, 2, EntryKind::Reactive);   // duplicate, same kind -> stays Reactive
    builder.add(1, 3, EntryKind::Reactive);
    builder.add(2, 2, EntryKind::Reactive);   // an explicit diagonal
    builder.add(1, 4, EntryKind::Both);

    SparsePattern pattern(builder);
    // Columns (1-based): 1 -> rows {1,2,3}; 2 -> {2,4}; 3 -> {1,3}; 4 -> {1,4}
    CHECK(pattern.columnPointers() == std::vector<int>{0, 3, 5, 7, 9});
    CHECK(pattern.rowIndices() == std::vector<int>{0, 1, 2, 1, 3, 0, 2, 0, 3});
    CHECK(pattern.kind(pattern.slot(3, 1)) == EntryKind::Both);
    CHECK(pattern.kind(pattern.slot(4, 2)) == EntryKind::Reactive);
    CHECK(pattern.kind(pattern.slot(1, 3)) == EntryKind::Reactive);
    CHECK(pattern.kind(pattern.slot(2, 1)) == EntryKind::Resistive);
    CHECK(pattern.kind(pattern.slot(1, 4)) == EntryKind::Both);
    // The declared Reactive diagonal keeps its Reactive bit after merging with the implicit diagonal.
    CHECK((static_cast<int>(pattern.kind(pattern.slot(2, 2))) & static_cast<int>(EntryKind::Reactive)) != 0);

    checkStructure(pattern, 4, referenceEntries(4, builder.entries()));
}

TEST_CASE("Entries touching ground are dropped and look up as the bucket slot", "[mna]") {
    PatternBuilder builder(3);
    builder.add(kGround, 2, EntryKind::Resistive);
    builder.add(2, kGround, EntryKind::Resistive);
    builder.add(kGround, kGround, EntryKind::Reactive);
    builder.add(1, 2, EntryKind::Resistive);
    CHECK(builder.entries().size() == 1);

    SparsePattern pattern(builder);
    CHECK(pattern.nnz() == 4);  // three diagonals + (1,2)
    CHECK(pattern.slot(kGround, 2) == pattern.bucket());
    CHECK(pattern.slot(2, kGround) == pattern.bucket());
    CHECK(pattern.slot(kGround, kGround) == pattern.bucket());
    CHECK_FALSE(pattern.contains(kGround, 2));
    CHECK_FALSE(pattern.contains(2, kGround));
    CHECK_FALSE(pattern.contains(kGround, kGround));

    // A value array has one extra entry: writes to ground land there and never reach the matrix.
    MatrixValues values(pattern.nnz());
    CHECK(values.all().size() == static_cast<std::size_t>(pattern.nnz()) + 1);
    values.add(pattern.slot(kGround, 2), 5.0);
    values.add(pattern.slot(2, kGround), 7.0);
    values.add(pattern.slot(1, 2), 1.5);
    CHECK(values[pattern.bucket()] == 12.0);
    CHECK(values.matrix().size() == static_cast<std::size_t>(pattern.nnz()));
    double matrixSum = 0.0;
    for (double v : values.matrix()) matrixSum += v;
    CHECK(matrixSum == 1.5);
}

TEST_CASE("Undeclared non-ground entries are not contained in the pattern", "[mna]") {
    PatternBuilder builder(3);
    builder.add(1, 3, EntryKind::Resistive);
    SparsePattern pattern(builder);
    CHECK(pattern.contains(1, 3));
    CHECK_FALSE(pattern.contains(3, 1));
    CHECK_FALSE(pattern.contains(1, 2));
    CHECK_FALSE(pattern.contains(2, 3));
}

TEST_CASE("Random patterns match a set-based reference in structure, slots and kinds", "[mna]") {
    for (unsigned seed : {1u, 7u, 42u, 1234u}) {
        std::mt19937 rng(seed);
        std::uniform_int_distribution<int> sizeDist(1, 60);
        const int n = sizeDist(rng);
        std::uniform_int_distribution<Unknown> unknownDist(0, n);  // includes ground
        std::uniform_int_distribution<int> kindDist(1, 3);
        PatternBuilder builder(n);
        const int count = 4 * n;
        for (int k = 0; k < count; ++k)
            builder.add(unknownDist(rng), unknownDist(rng), static_cast<EntryKind>(kindDist(rng)));
        INFO("seed " << seed << ", n " << n);
        SparsePattern pattern(builder);
        checkStructure(pattern, n, referenceEntries(n, builder.entries()));
        CHECK(pattern.slot(kGround, unknownDist(rng)) == pattern.bucket());
    }
}
