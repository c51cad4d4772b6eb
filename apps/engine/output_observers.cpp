#include "apps/engine/output_observers.hpp"

#include "apps/engine/vector_part.hpp"

namespace cablespice::app {

namespace {

solver::PlotHeader makeHeader(const std::string& title, const solver::AnalysisInfo& info, bool complex) {
    solver::PlotHeader header{title, info.plotName, complex, {}};
    if (!info.scaleName.empty()) header.vectors.push_back({info.scaleName, info.scaleType});
    return header;
}

bool appliesTo(elab::PrintAnalysis requested, elab::PrintAnalysis running) {
    return requested == elab::PrintAnalysis::Any || requested == running;
}

} // namespace

SinkObserver::SinkObserver(solver::ResultSink& sink, std::string title, std::vector<SavedVector> vectors)
    : sink_(sink), title_(std::move(title)), vectors_(std::move(vectors)) {}

void SinkObserver::begin(const solver::AnalysisInfo& info) {
    auto header = makeHeader(title_, info, info.complex);
    hasScale_ = !info.scaleName.empty();
    passThrough_ = !info.ownVectors.empty();
    shown_ = solver::shownOwnVectors(info);
    if (passThrough_) header.vectors.insert(header.vectors.end(), info.ownVectors.begin(), info.ownVectors.begin() + static_cast<std::ptrdiff_t>(shown_));
    else
        for (const auto& vector : vectors_) header.vectors.push_back(vector.info);
    realRow_.assign(header.vectors.size(), 0.0);
    complexRow_.assign(header.vectors.size(), {});
    sink_.beginPlot(header);
}

void SinkObserver::realPoint(double scale, std::span<const double> x) {
    std::size_t column = 0;
    if (hasScale_) realRow_[column++] = scale;
    if (passThrough_)
        for (double value : x.first(shown_)) realRow_[column++] = value;
    else
        for (const auto& vector : vectors_) realRow_[column++] = x[static_cast<std::size_t>(vector.unknown)];
    sink_.addRealPoint(realRow_);
}

void SinkObserver::complexPoint(double scale, std::span<const std::complex<double>> x) {
    std::size_t column = 0;
    if (hasScale_) complexRow_[column++] = scale;
    if (passThrough_)
        for (auto value : x.first(shown_)) complexRow_[column++] = value;
    else
        for (const auto& vector : vectors_) complexRow_[column++] = x[static_cast<std::size_t>(vector.unknown)];
    sink_.addComplexPoint(complexRow_);
}

void SinkObserver::end(bool complete) { sink_.endPlot(complete); }

PrintObserver::PrintObserver(solver::ResultSink& sink, const elab::Deck& deck, elab::PrintAnalysis analysis)
    : sink_(sink), title_(deck.title) {
    for (const auto& print : deck.prints)
        if (appliesTo(print.analysis, analysis))
            for (const auto& item : print.items) items_.push_back(&item);
}

void PrintObserver::begin(const solver::AnalysisInfo& info) {
    // Plots with their own vectors (CMRR) print them all through a SinkObserver instead.
    active_ = info.ownVectors.empty();
    if (!active_) return;
    complexRows_ = false;
    if (info.complex)
        for (const auto* item : items_) complexRows_ = complexRows_ || item->part == elab::OutputPart::Value;
    auto header = makeHeader(title_, info, complexRows_);
    hasScale_ = !info.scaleName.empty();
    for (const auto* item : items_)
        header.vectors.push_back({item->text, item->quantity == elab::OutputQuantity::Voltage   ? solver::VectorType::Voltage
                                              : item->quantity == elab::OutputQuantity::Current ? solver::VectorType::Current
                                                                                                : solver::VectorType::Other});
    evaluators_.clear();
    for (const auto* item : items_) evaluators_.emplace_back(*item, info);
    realRow_.assign(header.vectors.size(), 0.0);
    complexRow_.assign(header.vectors.size(), {});
    sink_.beginPlot(header);
}

void PrintObserver::realPoint(double scale, std::span<const double> x) {
    if (!active_) return;
    std::size_t column = 0;
    if (hasScale_) realRow_[column++] = scale;
    const VectorEvaluator::ValueAt valueAt = [&](solver::Unknown u) { return std::complex<double>(x[static_cast<std::size_t>(u)]); };
    for (std::size_t k = 0; k < items_.size(); ++k)
        realRow_[column++] = vectorPart(items_[k]->part, evaluators_[k].next(scale, valueAt), false);
    sink_.addRealPoint(realRow_);
}

void PrintObserver::complexPoint(double scale, std::span<const std::complex<double>> x) {
    if (!active_) return;
    std::size_t column = 0;
    const VectorEvaluator::ValueAt valueAt = [&](solver::Unknown u) { return x[static_cast<std::size_t>(u)]; };
    if (complexRows_) {
        if (hasScale_) complexRow_[column++] = scale;
        for (std::size_t k = 0; k < items_.size(); ++k) {
            auto z = evaluators_[k].next(scale, valueAt);
            complexRow_[column++] = items_[k]->part == elab::OutputPart::Value ? z : vectorPart(items_[k]->part, z, true);
        }
        sink_.addComplexPoint(complexRow_);
        return;
    }
    if (hasScale_) realRow_[column++] = scale;
    for (std::size_t k = 0; k < items_.size(); ++k)
        realRow_[column++] = vectorPart(items_[k]->part, evaluators_[k].next(scale, valueAt), true);
    sink_.addRealPoint(realRow_);
}

void PrintObserver::end(bool complete) {
    if (active_) sink_.endPlot(complete);
}

void ObserverFan::begin(const solver::AnalysisInfo& info) {
    for (auto* observer : observers_) observer->begin(info);
}

void ObserverFan::realPoint(double scale, std::span<const double> x) {
    for (auto* observer : observers_) observer->realPoint(scale, x);
}

void ObserverFan::complexPoint(double scale, std::span<const std::complex<double>> x) {
    for (auto* observer : observers_) observer->complexPoint(scale, x);
}

void ObserverFan::end(bool complete) {
    for (auto* observer : observers_) observer->end(complete);
}

} // namespace cablespice::app
