#include "apps/cablespice/plot_figures.hpp"

#include "apps/cablespice/missing_vectors.hpp"

#include "parser/elaborate/analysis_kinds.hpp"
#include "apps/engine/analysis_runner.hpp"
#include "apps/engine/recorded_vector.hpp"
#include "apps/engine/vector_part.hpp"
#include "parser/elaborate/output_cards.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

namespace cablespice::app {

namespace {

using elab::OutputPart;
using elab::OutputQuantity;
using elab::OutputVector;

bool hasOwnVectors(const RecordedAnalysis& analysis) { return !analysis.info.ownVectors.empty(); }

bool hasOwnVector(const RecordedAnalysis& analysis, std::string_view name) {
    const auto& own = analysis.info.ownVectors;
    return std::any_of(own.begin(), own.end(), [&](const auto& vector) { return vector.name == name; });
}

// The vector in this analysis, if it has it (a figure draws what it can and skips the rest).
std::optional<RecordedVector> locate(const OutputVector& vector, const elab::Deck& deck, const RecordedAnalysis& analysis) {
    auto located = RecordedVector::locate(vector, deck, analysis);
    if (auto* found = std::get_if<RecordedVector>(&located)) return std::move(*found);
    return std::nullopt;
}

// Complex vectors without a function are drawn in dB; real own vectors (cmrr) as they are.
OutputPart drawnPart(const OutputVector& vector, const RecordedAnalysis& analysis, const RecordedVector& column) {
    if (vector.part != OutputPart::Value || !analysis.info.complex) return vector.part;
    return column.realValued() ? OutputPart::Real : OutputPart::Decibel;
}

std::string label(const OutputVector& vector, const RecordedAnalysis& analysis, const RecordedVector& column) {
    if (vector.expression) return vector.text;
    // A bare name from --plot-vectors is a node voltage outside the CMRR plot.
    std::string text = vector.text.find('(') == std::string::npos && !hasOwnVectors(analysis) ? "v(" + vector.text + ")"
                                                                                              : vector.text;
    if (vector.part != OutputPart::Value || drawnPart(vector, analysis, column) != OutputPart::Decibel) return text;
    if (text.starts_with("v(") || text.starts_with("i(")) return text.substr(0, 1) + "db" + text.substr(1);
    return "db(" + text + ")";
}

std::string unit(const OutputVector& vector, OutputPart part, const RecordedVector& column) {
    if (vector.expression) return "";
    if (part == OutputPart::Decibel || column.realValued()) return "dB";
    if (part == OutputPart::Phase) return "degrees";
    if (vector.quantity == OutputQuantity::Power) return "W";
    return vector.quantity == OutputQuantity::Voltage ? "V" : "A";
}

std::string scaleLabel(const solver::AnalysisInfo& info) {
    if (info.scaleName == "frequency") return "frequency (Hz)";
    if (info.scaleName == "time") return "time (s)";
    if (info.scaleName == "v-sweep") return "v-sweep (V)";
    if (info.scaleName == "i-sweep") return "i-sweep (A)";
    return info.scaleName;
}

std::vector<OutputVector> cardItems(const std::vector<elab::PrintRequest>& requests, elab::PrintAnalysis kind) {
    std::vector<OutputVector> items;
    for (const auto& request : requests)
        if (request.analysis == elab::PrintAnalysis::Any || request.analysis == kind)
            items.insert(items.end(), request.items.begin(), request.items.end());
    return items;
}

std::vector<OutputVector> defaultVectors(const elab::Deck& deck, const RecordedAnalysis& analysis) {
    if (hasOwnVectors(analysis)) {
        bool cmrr = hasOwnVector(analysis, "cmrr");
        std::vector<OutputVector> vectors;
        const auto& own = analysis.info.ownVectors;
        for (std::size_t k = 0; k < solver::shownOwnVectors(analysis.info); ++k)
            if (!cmrr || own[k].name == "cmrr")
                vectors.push_back({OutputQuantity::Voltage, OutputPart::Value, own[k].name, {}, own[k].name, {}});
        return vectors;
    }
    if (!deck.saves.empty()) return deck.saves;
    std::vector<OutputVector> voltages;
    const auto& nodes = deck.circuit->nodes();
    for (solver::Unknown u = 1; u <= nodes.count(); ++u)
        if (nodes.type(u) == solver::UnknownType::Voltage)
            voltages.push_back({OutputQuantity::Voltage, OutputPart::Value, nodes.name(u), {}, "v(" + nodes.name(u) + ")", {}});
    return voltages;
}

// The lists analysis `index` may draw from, in order of preference.
std::vector<std::vector<OutputVector>> sources(const elab::Deck& deck, std::size_t analysisIndex,
                                               const RecordedAnalysis& analysis, const std::vector<OutputVector>& requested) {
    if (!requested.empty()) return {requested};
    auto kind = elab::analysisKind(deck.analyses[analysisIndex]).print;
    std::vector<std::vector<OutputVector>> lists{cardItems(deck.plots, kind)};
    if (!hasOwnVectors(analysis)) lists.push_back(cardItems(deck.prints, kind));
    lists.push_back(defaultVectors(deck, analysis));
    return lists;
}

PlotCurve curve(const OutputVector& vector, const RecordedAnalysis& analysis, const RecordedVector& column,
                const std::string& point) {
    PlotCurve curve{label(vector, analysis, column) + (point.empty() ? "" : " " + point), analysis.scale, {}};
    const OutputPart part = drawnPart(vector, analysis, column);
    curve.y.reserve(analysis.points());
    for (auto z : column.values()) curve.y.push_back(vectorPart(part, z, analysis.info.complex));
    return curve;
}

std::string commonUnit(const std::vector<std::string>& units) {
    if (units.empty() || std::adjacent_find(units.begin(), units.end(), std::not_equal_to<>()) != units.end()) return "";
    return units.front();
}

} // namespace

PlotFigureCollector::PlotFigureCollector(const elab::Deck& base, const std::vector<OutputVector>& requested)
    : base_(base), requested_(requested), used_(requested.size(), false) {
    // v(*), all, ...: every node (branch, element) of the circuit, as .print takes them.
    for (std::size_t i = 0; i < requested.size(); ++i) {
        auto expanded = requested[i].first == "*" ? elab::expandWildcard(requested[i], *base.circuit)
                                                  : std::vector<OutputVector>{requested[i]};
        for (auto& vector : expanded) {
            drawn_.push_back(std::move(vector));
            requestedIndex_.push_back(i);
        }
    }
}

void PlotFigureCollector::add(const PointOutcome& outcome) {
    if (failure_ || !outcome.ok) return;
    try {
        const elab::Deck& deck = outcome.deckOr(base_);
        if (plans_.size() < outcome.analyses.size()) plans_.resize(outcome.analyses.size());
        for (std::size_t index = 0; index < outcome.analyses.size(); ++index) {
            Plan& plan = plans_[index];
            if (!plan.decided) decide(plan, outcome, index, deck);
            if (plan.figure) addCurves(plan, outcome, outcome.analyses[index], deck);
        }
    } catch (...) {  // reported by figures(), at the end, as a failure to draw
        failure_ = std::current_exception();
    }
}

// The first point with the analysis chooses its vectors (and whether it is drawn at all).
void PlotFigureCollector::decide(Plan& plan, const PointOutcome& first, std::size_t index, const elab::Deck& deck) {
    plan.decided = true;
    const auto& reference = first.analyses[index];
    if (reference.info.scaleName.empty()) return;  // .op: one point, no scale
    std::vector<std::string> units;
    // The first list with anything this analysis has (a .plot for .ac does not hide .cmrr).
    for (const auto& list : sources(deck, analysisIndexOfPlot(first.analyses, index), reference, drawn_)) {
        for (const auto& vector : list) {
            auto column = locate(vector, deck, reference);
            if (!column) continue;
            markUsed(vector);
            plan.vectors.push_back(vector);
            units.push_back(unit(vector, drawnPart(vector, reference, *column), *column));
        }
        if (!plan.vectors.empty()) break;
    }
    if (plan.vectors.empty()) return;
    plan.figure = PlotFigure{base_.title + " - " + reference.info.plotName, scaleLabel(reference.info), commonUnit(units),
                             reference.info.scaleName == "frequency", {}};
}

void PlotFigureCollector::addCurves(Plan& plan, const PointOutcome& outcome, const RecordedAnalysis& analysis,
                                    const elab::Deck& deck) {
    std::vector<std::string> missing;
    for (const auto& vector : plan.vectors) {
        if (auto column = locate(vector, deck, analysis))
            plan.figure->curves.push_back(curve(vector, analysis, *column, outcome.point.label()));
        else
            missing.push_back(vector.text);
    }
    if (missing.empty()) return;
    warnings_.push_back(missingVectorsWarning("--plot", outcome, missing, "left out of the " + analysis.info.plotName + " figure"));
}

std::vector<PlotFigure> PlotFigureCollector::figures() {
    if (failure_) std::rethrow_exception(failure_);
    std::vector<PlotFigure> figures;
    for (auto& plan : plans_) {
        if (!plan.figure) continue;
        auto& figure = *plan.figure;
        for (const auto& c : figure.curves)
            figure.logX = figure.logX && std::all_of(c.x.begin(), c.x.end(), [](double x) { return x > 0; });
        figures.push_back(std::move(figure));
    }
    plans_.clear();
    for (std::size_t i = 0; i < requested_.size(); ++i)
        if (!used_[i])
            throw PlotError(fmt::format("--plot-vectors: '{}' is not a vector of any plotted analysis (no such node, "
                                        "element or CMRR vector)", requested_[i].text));
    if (figures.empty()) throw PlotError("--plot: nothing to draw (no .dc, .ac, .tran or .cmrr results)");
    return figures;
}

void PlotFigureCollector::markUsed(const OutputVector& vector) {
    for (std::size_t i = 0; i < drawn_.size(); ++i)
        if (drawn_[i].text == vector.text) used_[requestedIndex_[i]] = true;
}

} // namespace cablespice::app
