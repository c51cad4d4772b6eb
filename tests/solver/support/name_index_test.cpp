// NameIndex: positions of named items in a vector it does not own. Expected positions are the
// vectors' own (a linear search), never the index's.
#include "solver/support/name_index.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using cablespice::ExactNames;
using cablespice::NameIndex;

namespace {

auto namesOf(const std::vector<std::string>& names) {
    return [&names](std::size_t position) -> std::string_view { return names[position]; };
}

std::optional<std::size_t> linearSearch(const std::vector<std::string>& names, const std::string& name) {
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == name) return i;
    return std::nullopt;
}

} // namespace

TEST_CASE("NameIndex finds every name it was given, growing past its first capacity", "[support][names]") {
    std::vector<std::string> names;
    NameIndex<ExactNames> index;
    for (int i = 0; i < 5000; ++i) {  // no reserve: the table is rebuilt ~9 times
        names.push_back("r" + std::to_string(i * 7919 % 100003));
        REQUIRE_FALSE(index.insert(names.back(), names.size() - 1, namesOf(names)));
    }
    CHECK(index.size() == 5000);
    for (std::size_t i = 0; i < names.size(); ++i) CHECK(index.find(names[i], namesOf(names)) == i);
    for (const std::string absent : {"r100003", "", "R0", "c1", "r1 "})
        CHECK(index.find(absent, namesOf(names)) == linearSearch(names, absent));
}

TEST_CASE("NameIndex keeps the first of a repeated name and tells where it is", "[support][names]") {
    std::vector<std::string> names{"a", "b", "a", "c", "b"};
    NameIndex<ExactNames> index;
    index.reserve(names.size(), namesOf(names));
    CHECK_FALSE(index.insert(names[0], 0, namesOf(names)));
    CHECK_FALSE(index.insert(names[1], 1, namesOf(names)));
    CHECK(index.insert(names[2], 2, namesOf(names)) == 0);
    CHECK_FALSE(index.insert(names[3], 3, namesOf(names)));
    CHECK(index.insert(names[4], 4, namesOf(names)) == 1);
    CHECK(index.size() == 3);
    CHECK(index.find("a", namesOf(names)) == 0);
    CHECK(index.find("b", namesOf(names)) == 1);
    CHECK(index.find("c", namesOf(names)) == 3);
}

TEST_CASE("NameIndex answers for any vector with the same names at the same positions", "[support][names]") {
    std::vector<std::string> base{"l1", "l2", "k12", "r9"};
    NameIndex<ExactNames> index;
    for (std::size_t i = 0; i < base.size(); ++i) REQUIRE_FALSE(index.insert(base[i], i, namesOf(base)));
    const std::vector<std::string> derived = base;  // other strings, same names (a .step point's circuit)
    base.clear();
    for (std::size_t i = 0; i < derived.size(); ++i) CHECK(index.find(derived[i], namesOf(derived)) == i);
    CHECK_FALSE(index.find("l3", namesOf(derived)));
}

TEST_CASE("An empty NameIndex finds nothing", "[support][names]") {
    std::vector<std::string> names;
    NameIndex<ExactNames> index;
    CHECK_FALSE(index.find("x", namesOf(names)));
    CHECK(index.size() == 0);
}
