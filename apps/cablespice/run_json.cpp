#include "apps/cablespice/run_json.hpp"

#include "parser/elaborate/analysis_kinds.hpp"
#include "apps/cablespice/measure_statistics.hpp"
#include "solver/analysis/audio_noise.hpp"
#include "apps/engine/sensitivity_report.hpp"
#include "solver/analysis/plot_names.hpp"
#include "solver/output/atomic_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <variant>

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

std::vector<double> ownColumn(const RecordedAnalysis& analysis, std::size_t index) {
    std::vector<double> values;
    for (std::size_t p = 0; p < analysis.points(); ++p) values.push_back(analysis.value(p, index).real());
    return values;
}

// A .noise spectrum's audio figures over 20 Hz to 20 kHz (what --noise-report prints).
std::string audioJson(const RecordedAnalysis& spectrum) {
    if (spectrum.points() < 2) return "null";
    const auto f = solver::audioNoiseFigures(spectrum.scale, ownColumn(spectrum, 0), ownColumn(spectrum, 1));
    return fmt::format("{{\"low_hz\": {}, \"high_hz\": {}, \"output\": {}, \"output_a\": {}, \"input\": {}, "
                       "\"input_a\": {}, \"output_dbu\": {}, \"output_a_dbu\": {}}}",
                       number(f.lowHz), number(f.highHz), number(f.outputVolts), number(f.outputAWeightedVolts),
                       number(f.inputVolts), number(f.inputAWeightedVolts), number(solver::toDbu(f.outputVolts)),
                       number(solver::toDbu(f.outputAWeightedVolts)));
}

// The "Integrated Noise" plot's one point: every vector by its name (onoise_total, inoise_total
// and, with noisecontrib, onoise_total_NAME / inoise_total_NAME per element).
std::string totalsJson(const RecordedAnalysis& integrated) {
    std::string text = "{";
    for (std::size_t i = 0; i < integrated.info.ownVectors.size() && integrated.points() == 1; ++i)
        text += (i ? ", " : "") + quoted(integrated.info.ownVectors[i].name) + ": " +
                number(integrated.value(0, i).real());
    return text + "}";
}

// One entry per .noise card of the point: {"audio": {...}, "integrated": {...}}; a sweep that
// stopped early has no integrated plot (null).
std::string noiseJson(const std::vector<RecordedAnalysis>& analyses) {
    std::string text;
    for (std::size_t i = 0; i < analyses.size(); ++i) {
        if (analyses[i].info.plotName != solver::plot_names::kNoiseSpectrum) continue;
        const bool integrated =
            i + 1 < analyses.size() && analyses[i + 1].info.plotName == solver::plot_names::kIntegratedNoise;
        text += (text.empty() ? "" : ", ") + std::string("{\"audio\": ") + audioJson(analyses[i]) +
                ", \"integrated\": " + (integrated ? totalsJson(analyses[i + 1]) : "null") + "}";
    }
    return "[" + text + "]";
}

std::string complexJson(std::complex<double> value) {
    return fmt::format("[{}, {}]", number(value.real()), number(value.imag()));
}

// A .sens plot, normalized: {"analysis": "dc"|"ac", "points": [{"frequency" (AC), "elements":
// {NAME: {"value", "sensitivity", "change_1pct"}}}]}; AC values are [re, im].
std::string sensitivityJson(const elab::Deck& deck, const RecordedAnalysis& plot) {
    const bool ac = plot.info.complex;
    auto valueJson = [&](std::complex<double> value) { return ac ? complexJson(value) : number(value.real()); };
    std::string text = fmt::format("{{\"analysis\": \"{}\", \"points\": [",
                                   elab::analysisWord(ac ? elab::PrintAnalysis::Ac : elab::PrintAnalysis::Dc));
    for (std::size_t p = 0; p < plot.points(); ++p) {
        text += p ? ", {" : "{";
        if (ac) text += "\"frequency\": " + number(plot.scale[p]) + ", ";
        text += "\"elements\": {";
        const auto rows = normalizedSensitivities(deck, plot, p);
        for (std::size_t k = 0; k < rows.size(); ++k)
            text += fmt::format("{}{}: {{\"value\": {}, \"sensitivity\": {}, \"change_1pct\": {}}}", k ? ", " : "",
                                quoted(rows[k].vector), number(rows[k].value), valueJson(rows[k].sensitivity),
                                valueJson(rows[k].change));
        text += "}}";
    }
    return text + "]}";
}

// The imbalance budget plot: per frequency the nominal gains, sd_acm, the CMRR's nominal value
// and predicted median/1 %/99 % points, and per element d acm/d value, its variance and share.
std::string budgetJson(const RecordedAnalysis& plot) {
    const auto& vectors = plot.info.ownVectors;
    constexpr std::size_t kSummary = 7;
    const std::size_t elements = (vectors.size() - kSummary) / 2;
    std::string text = "{\"analysis\": \"sens_cmrr\", \"points\": [";
    for (std::size_t p = 0; p < plot.points(); ++p) {
        const double variance = std::norm(plot.value(p, 2));
        text += fmt::format("{}{{\"frequency\": {}, \"adm\": {}, \"acm\": {}, \"sd_acm\": {}, \"cmrr\": {}, "
                            "\"cmrr_median\": {}, \"cmrr_p1\": {}, \"cmrr_p99\": {}, \"elements\": {{",
                            p ? ", " : "", number(plot.scale[p]), complexJson(plot.value(p, 0)), complexJson(plot.value(p, 1)),
                            number(plot.value(p, 2).real()), number(plot.value(p, 3).real()),
                            number(plot.value(p, 4).real()), number(plot.value(p, 5).real()), number(plot.value(p, 6).real()));
        for (std::size_t k = 0; k < elements; ++k) {
            const double part = plot.value(p, kSummary + elements + k).real();
            text += fmt::format("{}{}: {{\"dacm\": {}, \"variance\": {}, \"share\": {}}}", k ? ", " : "",
                                quoted(vectors[kSummary + k].name.substr(5)), complexJson(plot.value(p, kSummary + k)),
                                number(part), number(variance > 0.0 ? part / variance : 0.0));
        }
        text += "}}";
    }
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

std::string runJsonPoint(const PointOutcome& outcome, const elab::Deck& deck) {
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
    text += "], \"noise\": " + noiseJson(outcome.analyses) + ", \"sensitivity\": [";
    bool firstPlot = true;
    for (const auto& plot : outcome.analyses) {
        const bool budget = plot.info.plotName == solver::plot_names::kImbalanceBudget;
        if (!budget && plot.info.plotName != solver::plot_names::kSensitivity) continue;
        text += (firstPlot ? "" : ", ") + (budget ? budgetJson(plot) : sensitivityJson(deck, plot));
        firstPlot = false;
    }
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

void writeRunJson(const std::filesystem::path& path, const elab::Deck& base, const std::vector<PointOutcome>& outcomes) {
    std::vector<std::string> points;
    points.reserve(outcomes.size());
    for (const auto& outcome : outcomes) points.push_back(runJsonPoint(outcome, outcome.deckOr(base)));
    writeRunJson(path, base, outcomes, points);
}

void writeRunJson(const std::filesystem::path& path, const elab::Deck& base, const std::vector<PointOutcome>& outcomes,
                  const std::vector<std::string>& points) {
    assert(points.size() == outcomes.size() && "one JSON text per point");
    std::string text = "{\n  \"title\": " + quoted(base.title) + ",\n  \"parameters\": [";
    for (std::size_t i = 0; i < base.steps.size(); ++i) text += (i ? ", " : "") + quoted(base.steps[i].name);
    text += "],\n  \"points\": [\n";
    for (std::size_t i = 0; i < points.size(); ++i) text += points[i] + (i + 1 < points.size() ? ",\n" : "\n");
    text += "  ],\n  \"statistics\": {";
    const auto statistics = measureStatistics(base, outcomes);
    for (std::size_t i = 0; i < statistics.size(); ++i)
        text += (i ? ",\n    " : "\n    ") + quoted(statistics[i].name) + ": " + statisticsJson(statistics[i]);
    text += statistics.empty() ? "}\n}\n" : "\n  }\n}\n";
    solver::AtomicFile file(path);
    file.write(text.data(), text.size());
    file.commit();
}

bool jsonReadsSolutions(const elab::Deck& deck) {
    return std::any_of(deck.analyses.begin(), deck.analyses.end(), [](const solver::AnalysisSpec& analysis) {
        return std::holds_alternative<solver::NoiseSpec>(analysis.kind) ||
               std::holds_alternative<solver::SensSpec>(analysis.kind) ||
               std::holds_alternative<solver::ImbalanceBudgetSpec>(analysis.kind);
    });
}

} // namespace cablespice::app
