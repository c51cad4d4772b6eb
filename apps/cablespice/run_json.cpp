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

// One .four table: {"vector", "fundamental", "thd" (fraction), "gridsize", "harmonics": [...]}.
std::string fourierJson(const FourierReport& report) {
    std::string text = "{\"vector\": " + quoted(report.vector) + ", \"fundamental\": " + number(report.fundamental) +
                       ", \"thd\": " + number(report.result.thd) +
                       ", \"gridsize\": " + std::to_string(report.result.gridSize) + ", \"harmonics\": [";
    for (std::size_t i = 0; i < report.result.harmonics.size(); ++i) {
        const auto& row = report.result.harmonics[i];
        text += fmt::format("{}{{\"harmonic\": {}, \"frequency\": {}, \"magnitude\": {}, \"phase\": {}, "
                            "\"norm_magnitude\": {}, \"norm_phase\": {}}}",
                            i ? ", " : "", row.number, number(row.frequency), number(row.magnitude), number(row.phase),
                            number(row.normalizedMagnitude), number(row.normalizedPhase));
    }
    return text + "]}";
}

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
    text += "}, \"fourier\": [";
    for (std::size_t i = 0; i < outcome.fourier.size(); ++i) text += (i ? ", " : "") + fourierJson(outcome.fourier[i]);
    text += "], \"errors\": [";
    // One separator rule for both lists: a comma before every entry but the first written.
    bool first = true;
    auto add = [&](const std::string& message) {
        text += (first ? "" : ", ") + quoted(message);
        first = false;
    };
    for (const auto& diagnostic : outcome.diagnostics) add(diagnostic.message);
    for (const auto& m : outcome.measurements)
        if (!m.value) add(m.name + ": " + m.failureReason);
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
