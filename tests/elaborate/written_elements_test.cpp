// WrittenElements: element names as written, found whatever their letter case.
#include "parser/elaborate/written_elements.hpp"

#include <catch2/catch.hpp>

#include <string>

TEST_CASE("WrittenElements finds an element whatever the letter case and keeps its spelling", "[elab][names]") {
    cablespice::elab::WrittenElements elements;
    const cablespice::SourceRange first{{1, 10}, 3}, second{{1, 40}, 3};
    CHECK(elements.add("Rin", first) == nullptr);
    CHECK(elements.add("r.x1.rload", second) == nullptr);
    // The same name in another case is the earlier element (a duplicate card).
    const auto* earlier = elements.add("RIN", second);
    REQUIRE(earlier != nullptr);
    CHECK(earlier->displayName == "Rin");
    CHECK(earlier->origin.begin.offset == 10);
    CHECK(elements.size() == 2);
    REQUIRE(elements.find("rin") != nullptr);
    CHECK(elements.find("rin")->displayName == "Rin");
    CHECK(elements.find("R.X1.RLOAD")->displayName == "r.x1.rload");
    CHECK(elements.find("rinx") == nullptr);
    // Names beyond the hash's stack buffer (64 bytes) compare the same way.
    const std::string longName(100, 'Q');
    CHECK(elements.add(longName, first) == nullptr);
    REQUIRE(elements.find(std::string(100, 'q')) != nullptr);
    CHECK(elements.find(std::string(100, 'q'))->displayName == longName);
}
