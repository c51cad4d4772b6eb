#include "parser/source/source_excerpt.hpp"

#include <catch2/catch.hpp>

#include <string>

using cablespice::renderExcerpt;

TEST_CASE("the caret sits under the byte and tildes cover the rest of the range", "[parser][source]") {
    auto excerpt = renderExcerpt("R1 a b 10q", 7, 3);
    CHECK(excerpt.line == "R1 a b 10q");
    CHECK(excerpt.marker == "       ^~~");
}

TEST_CASE("a zero-length range shows only the caret", "[parser][source]") {
    CHECK(renderExcerpt("abc", 1, 0).marker == " ^");
    CHECK(renderExcerpt("abc", 0, 1).marker == "^");
}

TEST_CASE("a caret past the end of the line is drawn after the last character", "[parser][source]") {
    auto excerpt = renderExcerpt("abc", 3, 5);
    CHECK(excerpt.line == "abc");
    CHECK(excerpt.marker == "   ^");
}

TEST_CASE("underlines stop at the end of the line", "[parser][source]") {
    CHECK(renderExcerpt("ab", 0, 100).marker == "^~");
}

TEST_CASE("tabs expand to eight-column stops in both lines", "[parser][source]") {
    auto excerpt = renderExcerpt("\tR1\tx", 4, 1);
    CHECK(excerpt.line == "        R1      x");
    CHECK(excerpt.marker == "                ^");
    CHECK(renderExcerpt("a\tb", 0, 3).marker == "^~~~~~~~~");
}

TEST_CASE("non-printable bytes show as question marks", "[parser][source]") {
    auto excerpt = renderExcerpt(std::string("a\0b\x01\xff", 5), 1, 1);
    CHECK(excerpt.line == "a?b??");
    CHECK(excerpt.marker == " ^");
}

TEST_CASE("a very long line is cut to a window around the caret", "[parser][source]") {
    std::string line(5000, 'x');
    line[2500] = 'Y';
    auto excerpt = renderExcerpt(line, 2500, 1);
    CHECK(excerpt.line.size() <= cablespice::kMaxExcerptWidth + 6);
    CHECK(excerpt.line.substr(0, 3) == "...");
    CHECK(excerpt.line.substr(excerpt.line.size() - 3) == "...");
    REQUIRE(excerpt.marker.size() <= excerpt.line.size());
    CHECK(excerpt.line[excerpt.marker.size() - 1] == 'Y');
    CHECK(excerpt.marker.back() == '^');
}

TEST_CASE("a long line with the caret near its start keeps the start", "[parser][source]") {
    std::string line(1000, 'x');
    auto excerpt = renderExcerpt(line, 3, 1);
    CHECK(excerpt.line.substr(0, 3) == "xxx");
    CHECK(excerpt.line.substr(excerpt.line.size() - 3) == "...");
    CHECK(excerpt.marker == "   ^");
}

TEST_CASE("a long line with the caret at its end keeps the end", "[parser][source]") {
    std::string line(1000, 'x');
    auto excerpt = renderExcerpt(line, 1000, 0);
    CHECK(excerpt.line.substr(0, 3) == "...");
    CHECK(excerpt.line.back() == 'x');
    CHECK(excerpt.marker.size() == excerpt.line.size() + 1);
}
