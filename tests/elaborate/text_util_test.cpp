#include "parser/elaborate/text_util.hpp"

#include <catch2/catch.hpp>

using cablespice::elab::equalsIgnoreCase;
using cablespice::elab::toLower;

TEST_CASE("Names are lowered in ASCII only: other bytes, UTF-8 included, are kept", "[elaborate][text]") {
    CHECK(toLower("Rload_X1.Q2") == "rload_x1.q2");
    CHECK(toLower("@[]{}^`~09") == "@[]{}^`~09");  // the bytes beside A-Z and a-z stay
    CHECK(toLower("R\xC3\x84\xCE\xA9") == "r\xC3\x84\xCE\xA9");  // "RÄΩ": only the R is lowered
    CHECK(equalsIgnoreCase(".SUBCKT", ".subckt"));
    CHECK_FALSE(equalsIgnoreCase(".subckt", ".subckts"));
    CHECK_FALSE(equalsIgnoreCase("\xC3\x84", "\xC3\xA4"));  // Ä and ä are different names
    CHECK_FALSE(equalsIgnoreCase("[", "{"));                // '[' + 32 is '{': not a letter pair
}
