#pragma once
#include "solver/analysis/plot_names.hpp"
#include "solver/analysis/solution_observer.hpp"
#include "solver/circuit/unknown.hpp"

#include <algorithm>
#include <complex>
#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace cablespice::app {

// Every solution point of one analysis, kept in memory (for .meas and for replaying the
// output of .step points in order). Point p's value of unknown u (0 = ground) is value(p, u);
// of an own vector (cmrr, onoise_spectrum, ...), value(p, its index).
struct RecordedAnalysis {
    solver::AnalysisInfo info;
    std::size_t width = 0;  // values stored a point
    std::vector<double> scale;
    std::vector<double> real;                  // points * width, when !info.complex
    std::vector<std::complex<double>> complex; // points * width, when info.complex
    bool complete = true;
    // Empty: every unknown is stored, in order (width = n + 1). Else the recording kept only the
    // unknowns its outputs read: stored[c] is the unknown in column c of a stored point,
    // columnOf[u] u's column (-1 when not kept), and solutionWidth the n + 1 of the points the
    // analysis produced.
    std::vector<std::size_t> stored;
    std::vector<std::int32_t> columnOf;
    std::size_t solutionWidth = 0;

    std::size_t points() const { return scale.size(); }
    bool holds(std::size_t unknown) const {
        return columnOf.empty() ? unknown < width : unknown < columnOf.size() && columnOf[unknown] >= 0;
    }
    std::complex<double> value(std::size_t point, std::size_t unknown) const {
        const std::size_t column = columnOf.empty() ? unknown : placeOf(unknown);
        return info.complex ? complex[point * width + column] : std::complex<double>(real[point * width + column], 0.0);
    }

private:
    std::size_t placeOf(std::size_t unknown) const {
        // Readers ask holds() first (RecordedVector::locate); reaching here otherwise is a bug.
        if (!holds(unknown)) throw std::logic_error("unknown " + std::to_string(unknown) + " was not recorded");
        return static_cast<std::size_t>(columnOf[unknown]);
    }
};

// The analysis (index into Deck::analyses) that recorded plot `plotIndex` comes from: a .noise
// analysis records two plots, its spectra and its one-point "Integrated Noise".
// The integrated plot itself counts too: it belongs to the .noise card of the plot before it.
inline std::size_t analysisIndexOfPlot(const std::vector<RecordedAnalysis>& plots, std::size_t plotIndex) {
    const std::size_t through = std::min(plotIndex + 1, plots.size());
    const auto extra =
        std::count_if(plots.begin(), plots.begin() + static_cast<std::ptrdiff_t>(through),
                      [](const RecordedAnalysis& plot) { return plot.info.plotName == solver::plot_names::kIntegratedNoise; });
    return plotIndex - static_cast<std::size_t>(extra);
}

// A SolutionObserver that appends every analysis it sees to a list. Given `kept` (sorted
// unknowns, recordedUnknowns()), a plot of the circuit's unknowns stores only those: a stepped
// 1e4-unknown transient with a .save of a few nodes keeps a few columns a point, not 1e4.
// Plots of their own vectors (CMRR, noise, sensitivity) are always stored whole.
class RecordingObserver final : public solver::SolutionObserver {
public:
    explicit RecordingObserver(std::vector<RecordedAnalysis>& analyses,
                               std::optional<std::vector<solver::Unknown>> kept = std::nullopt)
        : analyses_(analyses), kept_(std::move(kept)) {}

    void begin(const solver::AnalysisInfo& info) override {
        analyses_.push_back(RecordedAnalysis{info, 0, {}, {}, {}, true, {}, {}, 0});
        analyses_.back().scale.reserve(info.expectedPoints);
    }
    void realPoint(double scale, std::span<const double> x) override { append(scale, x, analyses_.back().real); }
    void complexPoint(double scale, std::span<const std::complex<double>> x) override {
        append(scale, x, analyses_.back().complex);
    }
    void end(bool complete) override { analyses_.back().complete = complete; }

    // Sends a recorded analysis to another observer, as if it ran again. The unknowns a
    // recording did not keep are sent as NaN: nothing that reads them was asked for.
    static void replay(const RecordedAnalysis& analysis, solver::SolutionObserver& observer);

private:
    template <typename T>
    void append(double scale, std::span<const T> x, std::vector<T>& data) {
        auto& current = analyses_.back();
        if (current.scale.empty()) {
            startStoring(current, x.size());
            // One allocation for a grid known in advance: growing by doubling would map and unmap
            // large blocks, and with .step points on several threads every unmap stalls them all.
            data.reserve(std::max<std::size_t>(current.info.expectedPoints, 1) * current.width);
        }
        current.scale.push_back(scale);
        if (current.columnOf.empty()) {
            data.insert(data.end(), x.begin(), x.end());
            return;
        }
        for (auto u : current.stored) data.push_back(x[u]);
    }

    void startStoring(RecordedAnalysis& analysis, std::size_t solutionWidth);

    std::vector<RecordedAnalysis>& analyses_;
    std::optional<std::vector<solver::Unknown>> kept_;
};

} // namespace cablespice::app
