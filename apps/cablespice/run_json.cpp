#include "apps/cablespice/run_json.hpp"

#include "solver/output/atomic_file.hpp"

#include <fmt/format.h>

#include <cmath>

namespace cablespice::app {

namespace {

std::string quoted(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        if (static_cast<unsigned char>(c) < 0x20) {
            out += fmt::format("\\u{:04x}", static_cast<unsigned char>(c));
            continue;
        }
        out += c;
    }
    return out + "\"";
}

std::string number(double value) { return std::isfinite(value) ? fmt::format("{:.12g}", value) : "null"; }

std::string pointJson(const PointOutcome& outcome) {
    std::string text = "    {\"parameters\": {";
    for (std::size_t i = 0; i < outcome.point.values.size(); ++i) {
        const auto& [spec, value] = outcome.point.values[i];
        text += (i ? ", " : "") + quoted(spec->name) + ": " + number(value);
    }
    text += "}, \"status\": " + quoted(outcome.ok ? "ok" : "failed");
    text += ", \"measurements\": {";
    for (std::size_t i = 0; i < outcome.measurements.size(); ++i) {
        const auto& m = outcome.measurements[i];
        text += (i ? ", " : "") + quoted(m.name) + ": " + (m.value ? number(*m.value) : "null");
    }
    text += "}, \"errors\": [";
    for (std::size_t i = 0; i < outcome.diagnostics.size(); ++i)
        text += (i ? ", " : "") + quoted(outcome.diagnostics[i].message);
    for (const auto& m : outcome.measurements)
        if (!m.value) text += (outcome.diagnostics.empty() ? "" : ", ") + quoted(m.name + ": " + m.failureReason);
    return text + "]}";
}

} // namespace

void writeRunJson(const std::filesystem::path& path, const elab::Deck& base, const std::vector<PointOutcome>& outcomes) {
    std::string text = "{\n  \"title\": " + quoted(base.title) + ",\n  \"parameters\": [";
    for (std::size_t i = 0; i < base.steps.size(); ++i) text += (i ? ", " : "") + quoted(base.steps[i].name);
    text += "],\n  \"points\": [\n";
    for (std::size_t i = 0; i < outcomes.size(); ++i) text += pointJson(outcomes[i]) + (i + 1 < outcomes.size() ? ",\n" : "\n");
    text += "  ]\n}\n";
    solver::AtomicFile file(path);
    file.write(text.data(), text.size());
    file.commit();
}

} // namespace cablespice::app
