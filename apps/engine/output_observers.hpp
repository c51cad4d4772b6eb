#pragma once
#include "apps/engine/saved_vectors.hpp"
#include "apps/engine/output_item_evaluator.hpp"
#include "parser/elaborate/deck.hpp"
#include "solver/analysis/solution_observer.hpp"
#include "solver/output/result_sink.hpp"

#include <complex>
#include <vector>

namespace cablespice::app {

// Sends the saved vectors of every solution to a ResultSink (rawfile, CSV).
class SinkObserver final : public solver::SolutionObserver {
public:
    SinkObserver(solver::ResultSink& sink, std::string title, std::vector<SavedVector> vectors);

    void begin(const solver::AnalysisInfo& info) override;
    void realPoint(double scale, std::span<const double> x) override;
    void complexPoint(double scale, std::span<const std::complex<double>> x) override;
    void end(bool complete) override;

private:
    solver::ResultSink& sink_;
    std::string title_;
    std::vector<SavedVector> vectors_;
    bool hasScale_ = false;
    bool passThrough_ = false;  // the plot has its own vectors (x is the row)
    std::size_t shown_ = 0;     // of them, the ones written (not AnalysisInfo::recordedOnly)
    std::vector<double> realRow_;
    std::vector<std::complex<double>> complexRow_;
};

// Computes the items of the .print cards that apply to the running analysis (v(a,b), vdb, ...)
// and sends them as a table to a ResultSink (a TablePrinter on stdout).
class PrintObserver final : public solver::SolutionObserver {
public:
    PrintObserver(solver::ResultSink& sink, const elab::Deck& deck, elab::PrintAnalysis analysis);

    bool empty() const { return items_.empty(); }
    void begin(const solver::AnalysisInfo& info) override;
    void realPoint(double scale, std::span<const double> x) override;
    void complexPoint(double scale, std::span<const std::complex<double>> x) override;
    void end(bool complete) override;

private:
    solver::ResultSink& sink_;
    std::string title_;
    std::vector<const elab::OutputVector*> items_;
    std::vector<OutputItemEvaluator> evaluators_;  // one per item, for the running analysis
    bool complexRows_ = false;
    bool active_ = true;
    bool hasScale_ = false;
    std::vector<double> realRow_;
    std::vector<std::complex<double>> complexRow_;
};

// Forwards every event to several observers.
class ObserverFan final : public solver::SolutionObserver {
public:
    void add(solver::SolutionObserver& observer) { observers_.push_back(&observer); }
    void begin(const solver::AnalysisInfo& info) override;
    void realPoint(double scale, std::span<const double> x) override;
    void complexPoint(double scale, std::span<const std::complex<double>> x) override;
    void end(bool complete) override;

private:
    std::vector<solver::SolutionObserver*> observers_;
};

} // namespace cablespice::app
