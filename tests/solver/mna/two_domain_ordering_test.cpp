#include "solver/mna/two_domain_ordering.hpp"
#include "solver/mna/pattern_builder.hpp"
#include "tests/support/grid_pattern.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <numeric>
#include <random>

using namespace cablespice::solver;
using cablespice::test::gridPattern;

namespace {

// The position of each unknown in the ordering, and its part (0, 1 or 2: separator).
std::vector<int> partOf(const TwoDomainOrdering& ordering) {
    std::vector<int> part(ordering.permutation.size());
    const int secondBegin = ordering.split.first, separatorBegin = ordering.split.first + ordering.split.second;
    for (int k = 0; k < static_cast<int>(part.size()); ++k)
        part[static_cast<std::size_t>(ordering.permutation[static_cast<std::size_t>(k)])] =
            k < secondBegin ? 0 : k < separatorBegin ? 1 : 2;
    return part;
}

void checkValidSplit(const SparsePattern& pattern, const TwoDomainOrdering& ordering) {
    const int n = pattern.size();
    std::vector<int> sorted(ordering.permutation);
    std::sort(sorted.begin(), sorted.end());
    std::vector<int> identity(static_cast<std::size_t>(n));
    std::iota(identity.begin(), identity.end(), 0);
    REQUIRE(sorted == identity);
    CHECK(ordering.split.first + ordering.split.second + ordering.split.separator == n);
    const auto part = partOf(ordering);
    int crossing = 0;
    for (int j = 0; j < n; ++j)
        for (int k = pattern.columnPointers()[static_cast<std::size_t>(j)]; k < pattern.columnPointers()[static_cast<std::size_t>(j) + 1]; ++k) {
            const int a = part[static_cast<std::size_t>(pattern.rowIndices()[static_cast<std::size_t>(k)])];
            const int b = part[static_cast<std::size_t>(j)];
            if ((a == 0 && b == 1) || (a == 1 && b == 0)) ++crossing;
        }
    CHECK(crossing == 0);
}

} // namespace

TEST_CASE("A long strip splits into two halves at a cross-section", "[mna][split]") {
    auto pattern = gridPattern(3, 400);
    auto ordering = twoDomainOrdering(*pattern);
    REQUIRE(ordering);
    checkValidSplit(*pattern, *ordering);
    // Breadth-first levels from a corner of a 3-wide grid are anti-diagonals of at most 3.
    CHECK(ordering->split.separator <= 3);
    CHECK(std::abs(ordering->split.first - ordering->split.second) <= 6);
}

TEST_CASE("Disconnected parts go to the first domain and still leave a valid split", "[mna][split]") {
    // Two chains that share no entry: 300 and 100 unknowns.
    PatternBuilder builder(400);
    for (Unknown u = 1; u <= 400; ++u) builder.add(u, u, EntryKind::Resistive);
    for (Unknown u = 1; u < 400; ++u)
        if (u != 300) {
            builder.add(u, u + 1, EntryKind::Resistive);
            builder.add(u + 1, u, EntryKind::Resistive);
        }
    SparsePattern pattern(builder);
    auto ordering = twoDomainOrdering(pattern);
    REQUIRE(ordering);
    checkValidSplit(pattern, *ordering);
    CHECK(ordering->split.separator == 1);
}

TEST_CASE("No split for tiny patterns or graphs without a small separator", "[mna][split]") {
    CHECK_FALSE(twoDomainOrdering(*gridPattern(1, 3)));
    // A random graph with ~8 neighbours per unknown: every level set is large.
    std::mt19937 rng(5);
    PatternBuilder builder(2000);
    std::uniform_int_distribution<Unknown> pick(1, 2000);
    for (Unknown u = 1; u <= 2000; ++u) {
        builder.add(u, u, EntryKind::Resistive);
        for (int k = 0; k < 4; ++k) {
            const Unknown v = pick(rng);
            builder.add(u, v, EntryKind::Resistive);
            builder.add(v, u, EntryKind::Resistive);
        }
    }
    CHECK_FALSE(twoDomainOrdering(SparsePattern(builder)));
    // A square grid's middle level set (~45 of 2025) is above the limit, max(32, n / 64) = 32.
    CHECK_FALSE(twoDomainOrdering(*gridPattern(45, 45)));
}
