#include "parser/grammar/numbers.hpp"

#include <boost/spirit/home/x3.hpp>

#include <algorithm>
#include <charconv>
#include <cctype>
#include <cmath>
#include <string>

namespace cablespice {

namespace x3 = boost::spirit::x3;

namespace {

// A multiplier from a scale suffix. Powers of ten are applied by multiplying or dividing
// by an exactly representable power, which rounds once instead of twice.
struct Scale {
    int exponent10 = 0;
    double factor = 1.0;  // used instead of exponent10 when not a power of ten (mil)
};

struct ScaleSymbols : x3::symbols<Scale> {
    ScaleSymbols() {
        add("f", {-15, 1.0})("p", {-12, 1.0})("n", {-9, 1.0})("u", {-6, 1.0})("m", {-3, 1.0})  //
            ("k", {3, 1.0})("meg", {6, 1.0})("g", {9, 1.0})("t", {12, 1.0})("mil", {0, 25.4e-6});
    }
};

struct UnitSymbols : x3::symbols<x3::unused_type> {
    UnitSymbols() {
        for (const char* unit : {"v", "a", "s", "f", "h", "hz", "ohm", "ohms", "w", "db", "deg", "rad", "sec"})
            add(unit);
    }
};

const ScaleSymbols scaleSymbol;
const UnitSymbols unitSymbol;

const auto sign = x3::lit('+') | x3::lit('-');
const auto digits = +x3::digit;
const auto mantissa = (digits >> -('.' >> *x3::digit)) | ('.' >> digits);
const auto exponent = x3::no_case['e'] >> -sign >> digits;
const auto decimalSyntax = x3::raw[-sign >> mantissa >> -exponent];
const auto unit = x3::omit[x3::no_case[unitSymbol]];

double applyScale(double value, Scale scale) {
    if (scale.exponent10 > 0) return value * std::pow(10.0, scale.exponent10);
    if (scale.exponent10 < 0) return value / std::pow(10.0, -scale.exponent10);
    return value * scale.factor;
}

std::optional<double> toDouble(std::string_view text) {
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    double value = 0.0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

bool isAscii(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// 1.5e3k, .5, -3mA
std::optional<double> parseDecimal(std::string_view text) {
    const char* first = text.data();
    const char* last = first + text.size();
    boost::iterator_range<const char*> mantissaText;
    Scale scale;
    bool matched = x3::parse(first, last, decimalSyntax, mantissaText) &&
                   x3::parse(first, last, -x3::no_case[scaleSymbol], scale) &&
                   x3::parse(first, last, -unit >> x3::eoi);
    if (!matched) return std::nullopt;
    auto value = toDouble(std::string_view(mantissaText.begin(), mantissaText.size()));
    if (!value) return std::nullopt;
    return applyScale(*value, scale);
}

// 4k7 = 4.7k, 1r5 = 1.5
std::optional<double> parseRkm(std::string_view text) {
    const char* first = text.data();
    const char* last = first + text.size();
    boost::iterator_range<const char*> signAndInteger;
    boost::iterator_range<const char*> fraction;
    Scale scale;
    const auto separator = x3::no_case[scaleSymbol] | x3::no_case[x3::lit('r')] >> x3::attr(Scale{});
    bool matched = x3::parse(first, last, x3::raw[-sign >> digits], signAndInteger) &&
                   x3::parse(first, last, separator, scale) &&
                   x3::parse(first, last, x3::raw[digits], fraction) &&
                   x3::parse(first, last, -unit >> x3::eoi);
    if (!matched) return std::nullopt;
    std::string decimal(signAndInteger.begin(), signAndInteger.end());
    decimal.append(".").append(fraction.begin(), fraction.end());
    auto value = toDouble(decimal);
    if (!value) return std::nullopt;
    return applyScale(*value, scale);
}

// A plain decimal without scale or unit (0.0376812, 5.07246e-07, 50: most numbers of a deck)
// read by from_chars alone, which parseDecimal would call on the same text after its grammar.
// The first byte after the sign must be a digit or '.': from_chars also reads inf and nan.
std::optional<double> parsePlainDecimal(std::string_view text) {
    std::string_view body = text;
    if (!body.empty() && (body.front() == '+' || body.front() == '-')) body.remove_prefix(1);
    if (body.empty() || !(std::isdigit(static_cast<unsigned char>(body.front())) || body.front() == '.')) return std::nullopt;
    return toDouble(text);
}

} // namespace

std::optional<double> parseSpiceNumber(std::string_view text) {
    // Numbers are ASCII; checking first also keeps no_case away from negative chars.
    if (text.empty() || !isAscii(text)) return std::nullopt;
    if (auto value = parsePlainDecimal(text)) return value;
    if (auto value = parseRkm(text)) return value;
    return parseDecimal(text);
}

} // namespace cablespice
