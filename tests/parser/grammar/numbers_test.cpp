#include "parser/grammar/numbers.hpp"

#include <catch2/catch.hpp>

#include <optional>
#include <string>

using cablespice::parseSpiceNumber;

namespace {
double valueOf(const std::string& text) {
    std::optional<double> value = parseSpiceNumber(text);
    INFO("text: " << text);
    REQUIRE(value.has_value());
    return *value;
}
} // namespace

TEST_CASE("plain decimal numbers parse with sign, fraction and exponent", "[parser][numbers]") {
    CHECK(valueOf("0") == 0.0);
    CHECK(valueOf("42") == 42.0);
    CHECK(valueOf("-3") == -3.0);
    CHECK(valueOf("+7") == 7.0);
    CHECK(valueOf("4.01") == 4.01);
    CHECK(valueOf(".5") == 0.5);
    CHECK(valueOf("5.") == 5.0);
    CHECK(valueOf("-3.") == -3.0);
    CHECK(valueOf("-.25") == -0.25);
    CHECK(valueOf("1e-3") == 1e-3);
    CHECK(valueOf("1.5E+6") == 1.5e6);
    CHECK(valueOf("2e3") == 2000.0);
    CHECK(valueOf("0.1") == 0.1);
}

TEST_CASE("every scale suffix multiplies by its power of ten", "[parser][numbers]") {
    CHECK(valueOf("1f") == Approx(1e-15));
    CHECK(valueOf("1p") == Approx(1e-12));
    CHECK(valueOf("1n") == Approx(1e-9));
    CHECK(valueOf("1u") == Approx(1e-6));
    CHECK(valueOf("1m") == Approx(1e-3));
    CHECK(valueOf("1k") == Approx(1e3));
    CHECK(valueOf("1meg") == Approx(1e6));
    CHECK(valueOf("1g") == Approx(1e9));
    CHECK(valueOf("1t") == Approx(1e12));
    CHECK(valueOf("1mil") == Approx(25.4e-6));
    CHECK(valueOf("2.2u") == Approx(2.2e-6));
    CHECK(valueOf("1e3k") == Approx(1e6));
}

TEST_CASE("scale suffixes are case-insensitive so M is milli and MEG is mega", "[parser][numbers]") {
    CHECK(valueOf("1M") == Approx(1e-3));
    CHECK(valueOf("1Meg") == Approx(1e6));
    CHECK(valueOf("1MEG") == Approx(1e6));
    CHECK(valueOf("1K") == Approx(1e3));
    CHECK(valueOf("1U") == Approx(1e-6));
    CHECK(valueOf("1MIL") == Approx(25.4e-6));
    CHECK(valueOf("1F") == Approx(1e-15));
}

TEST_CASE("unit letters after the number or the scale are accepted and ignored", "[parser][numbers]") {
    CHECK(valueOf("10kohm") == Approx(10e3));
    CHECK(valueOf("1uF") == Approx(1e-6));
    CHECK(valueOf("12V") == Approx(12.0));
    CHECK(valueOf("10nf") == Approx(10e-9));
    CHECK(valueOf("4.01V") == Approx(4.01));
    CHECK(valueOf("2V") == Approx(2.0));
    CHECK(valueOf("100Hz") == Approx(100.0));
    CHECK(valueOf("1mA") == Approx(1e-3));
    CHECK(valueOf("5ms") == Approx(5e-3));
    CHECK(valueOf("1MEGohm") == Approx(1e6));
    CHECK(valueOf("47ohms") == Approx(47.0));
    CHECK(valueOf("3s") == Approx(3.0));
    CHECK(valueOf("2sec") == Approx(2.0));
    CHECK(valueOf("10H") == Approx(10.0));
    CHECK(valueOf("1uH") == Approx(1e-6));
    CHECK(valueOf("5W") == Approx(5.0));
    CHECK(valueOf("-6dB") == Approx(-6.0));
    CHECK(valueOf("90deg") == Approx(90.0));
    CHECK(valueOf("1.5rad") == Approx(1.5));
    CHECK(valueOf("2A") == Approx(2.0));
}

TEST_CASE("RKM notation puts the decimal point at the scale letter or at R", "[parser][numbers]") {
    CHECK(valueOf("4k7") == Approx(4700.0));
    CHECK(valueOf("2m2") == Approx(2.2e-3));
    CHECK(valueOf("1r5") == Approx(1.5));
    CHECK(valueOf("1R5") == Approx(1.5));
    CHECK(valueOf("0r22") == Approx(0.22));
    CHECK(valueOf("2u2F") == Approx(2.2e-6));
    CHECK(valueOf("1meg5") == Approx(1.5e6));
    CHECK(valueOf("4K7ohm") == Approx(4700.0));
    CHECK(valueOf("-4k7") == Approx(-4700.0));
}

TEST_CASE("text that is not exactly one SPICE number is rejected", "[parser][numbers]") {
    for (const char* text : {"", "1.2.3", "10q", "k", "1e", "1e+", "abc", "1k2k", ".", "-", "+", "e5", "1 k",
                             " 1", "1 ", "1kk", "1r", "r5", "4k7.5", "1megmeg", "inf", "nan", "1mohmx", "1x",
                             "1..2", "--1", "1e5.5", "0x10", "1_000", "-inf", "+inf", "-nan", "infinity", "+-1", "-+1",
                             "1e400"}) {
        INFO("text: '" << text << "'");
        CHECK_FALSE(parseSpiceNumber(text).has_value());
    }
}

TEST_CASE("non-ASCII and control bytes are rejected without crashing", "[parser][numbers]") {
    CHECK_FALSE(parseSpiceNumber("10\xc2\xb5").has_value());
    CHECK_FALSE(parseSpiceNumber(std::string("1\0k", 3)).has_value());
    CHECK_FALSE(parseSpiceNumber("\xff").has_value());
    CHECK_FALSE(parseSpiceNumber("1\t").has_value());
}

TEST_CASE("huge and tiny exponents follow IEEE rules", "[parser][numbers]") {
    CHECK(valueOf("1e300") == 1e300);
    CHECK(valueOf("1e-300") == 1e-300);
    CHECK_FALSE(parseSpiceNumber("1e999").has_value());
}
