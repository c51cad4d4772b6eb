#include "apps/cablespice/run_json.hpp"

#include "apps/cablespice/measure_statistics.hpp"
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

// {"count", "failed", "mean", "std", "min", "max", "percentiles": {"0.1": ..., "99.9": ...}}
std::string statisticsJson(const MeasureStatistics& s) {
    const bool any = s.count > 0;
    std::string text = fmt::format("{{\"count\": {}, \"failed\": {}, \"mean\": {}, \"std\": {}, \"min\": {}, "
                                   "\"max\": {}, \"percentiles\": {{",
                                   s.count, s.failed, any ? number(s.mean) : "null",
                                   any ? number(s.standardDeviation) : "null", any ? number(s.min) : "null",
                                   any ? number(s.max) : "null");
    for (std::size_t i = 0; i < kStatisticsPercentiles.size(); ++i)
        text += fmt::format("{}\"{:g}\": {}", i ? ", " : "", kStatisticsPercentiles[i],
                            any ? number(s.percentiles[i]) : "null");
    text += "}";
    if (s.hasPass)
        text += fmt::format(", \"yield\": {{\"passed\": {}, \"points\": {}, \"ci95\": [{}, {}]}}", s.passed,
                            s.count + s.failed, number(s.yieldLow), number(s.yieldHigh));
    return text + "}";
}

} // namespace

void writeRunJson(const std::filesystem::path& path, const elab::Deck& base, const std::vector<PointOutcome>& outcomes) {
    std::string text = "{\n  \"title\": " + quoted(base.title) + ",\n  \"parameters\": [";
    for (std::size_t i = 0; i < base.steps.size(); ++i) text += (i ? ", " : "") + quoted(base.steps[i].name);
    text += "],\n  \"points\": [\n";
    for (std::size_t i = 0; i < outcomes.size(); ++i) text += pointJson(outcomes[i]) + (i + 1 < outcomes.size() ? ",\n" : "\n");
    text += "  ],\n  \"statistics\": {";
    const auto statistics = measureStatistics(base, outcomes);
    for (std::size_t i = 0; i < statistics.size(); ++i)
        text += (i ? ",\n    " : "\n    ") + quoted(statistics[i].name) + ": " + statisticsJson(statistics[i]);
    text += statistics.empty() ? "}\n}\n" : "\n  }\n}\n";
    solver::AtomicFile file(path);
    file.write(text.data(), text.size());
    file.commit();
}

} // namespace cablespice::app
