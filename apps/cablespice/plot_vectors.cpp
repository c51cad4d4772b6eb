#include "apps/cablespice/plot_vectors.hpp"

#include "parser/elaborate/measure_cards.hpp"
#include "parser/elaborate/text_util.hpp"

#include <fmt/format.h>

#include <optional>
#include <regex>

namespace cablespice::app {

namespace {

std::vector<std::string> splitTopLevel(std::string_view list) {
    std::vector<std::string> items(1);
    int depth = 0;
    for (char c : list) {
        if (c == '(') ++depth;
        if (c == ')') --depth;
        if (c == ',' && depth == 0) items.emplace_back();
        else items.back() += c;
    }
    return items;
}

std::variant<elab::OutputVector, std::string> parseItem(const std::string& item);

// db(x), mag(x), ph(x), real(x), imag(x) around a vector x (a call such as v(a,b) or a bare
// name such as cmrr), as .print and .meas take them; nullopt when `item` is not one.
std::optional<std::variant<elab::OutputVector, std::string>> parseGeneric(const std::string& item) {
    static const std::regex generic(R"(^\s*([A-Za-z]+)\s*\((.*)\)\s*$)");
    std::smatch match;
    if (!std::regex_match(item, match, generic)) return std::nullopt;
    const std::string functionName = elab::toLower(match[1].str());
    const auto* part = elab::findGenericFunction(functionName);
    if (!part) return std::nullopt;
    auto inner = parseItem(match[2].str());
    if (std::holds_alternative<std::string>(inner)) return inner;
    auto& vector = std::get<elab::OutputVector>(inner);
    if (vector.part != elab::OutputPart::Value)
        return fmt::format("'{}': {}() takes a vector such as v(out) or cmrr, not '{}'", item, functionName, vector.text);
    vector.part = *part;
    vector.text = fmt::format("{}({})", functionName, vector.text);
    return inner;
}

std::variant<elab::OutputVector, std::string> parseItem(const std::string& item) {
    if (auto generic = parseGeneric(item)) return std::move(*generic);
    static const std::regex bare(R"(^\s*([^\s(),]+)\s*$)");
    static const std::regex call(R"(^\s*([A-Za-z]+)\s*\(\s*([^\s(),]+)\s*(?:,\s*([^\s(),]+)\s*)?\)\s*$)");
    std::smatch match;
    if (std::regex_match(item, match, bare)) {
        std::string name = elab::toLower(match[1].str());
        return elab::OutputVector{elab::OutputQuantity::Voltage, elab::OutputPart::Value, name, {}, name, {}};
    }
    if (!std::regex_match(item, match, call))
        return fmt::format("'{}' is not a vector: write vdb(out), v(a,b), i(v1), db(v(a,b)) or a name such as cmrr", item);
    std::string functionName = elab::toLower(match[1].str());
    const auto* function = elab::findMeasureFunction(functionName);
    if (!function)
        return fmt::format("'{}': unknown vector function '{}' (v, vm, vdb, vp, vr, vi, i, im, idb, ...; db, mag, ph, real, "
                           "imag around a vector)", item, functionName);
    bool twoNodes = match[3].matched;
    if (twoNodes && function->quantity != elab::OutputQuantity::Voltage)
        return fmt::format("'{}': {}() takes one element name", item, functionName);
    elab::OutputVector vector{function->quantity, function->part, elab::toLower(match[2].str()),
                              twoNodes ? elab::toLower(match[3].str()) : "", {}, {}};
    vector.text = fmt::format("{}({}{}{})", functionName, vector.first, twoNodes ? "," : "", vector.second);
    return vector;
}

} // namespace

std::variant<std::vector<elab::OutputVector>, std::string> parsePlotVectors(std::string_view list) {
    std::vector<elab::OutputVector> vectors;
    for (const auto& item : splitTopLevel(list)) {
        auto parsed = parseItem(item);
        if (auto* error = std::get_if<std::string>(&parsed)) return "--plot-vectors: " + *error;
        vectors.push_back(std::move(std::get<elab::OutputVector>(parsed)));
    }
    return vectors;
}

} // namespace cablespice::app
