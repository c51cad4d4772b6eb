#pragma once
#include "solver/analysis/plot_names.hpp"
#include "solver/analysis/solution_observer.hpp"

#include <algorithm>
#include <complex>
#include <span>
#include <vector>

namespace cablespice::app {

// Every solution point of one analysis, kept in memory (for .meas and for replaying the
// output of .step points in order). Row p holds x (index 0 = ground, u = Unknown u).
struct RecordedAnalysis {
    solver::AnalysisInfo info;
    std::size_t width = 0;  // n + 1
    std::vector<double> scale;
    std::vector<double> real;                  // points * width, when !info.complex
    std::vector<std::complex<double>> complex; // points * width, when info.complex
    bool complete = true;

    std::size_t points() const { return scale.size(); }
    std::complex<double> value(std::size_t point, std::size_t unknown) const {
        return info.complex ? complex[point * width + unknown] : std::complex<double>(real[point * width + unknown], 0.0);
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

// A SolutionObserver that appends every analysis it sees to a list.
class RecordingObserver final : public solver::SolutionObserver {
public:
    explicit RecordingObserver(std::vector<RecordedAnalysis>& analyses) : analyses_(analyses) {}

    void begin(const solver::AnalysisInfo& info) override {
        analyses_.push_back(RecordedAnalysis{info, 0, {}, {}, {}, true});
        analyses_.back().scale.reserve(info.expectedPoints);
    }
    void realPoint(double scale, std::span<const double> x) override { append(scale, x, analyses_.back().real); }
    void complexPoint(double scale, std::span<const std::complex<double>> x) override {
        append(scale, x, analyses_.back().complex);
    }
    void end(bool complete) override { analyses_.back().complete = complete; }

    // Sends a recorded analysis to another observer, as if it ran again.
    static void replay(const RecordedAnalysis& analysis, solver::SolutionObserver& observer);

private:
    template <typename T>
    void append(double scale, std::span<const T> x, std::vector<T>& data) {
        auto& current = analyses_.back();
        // One allocation for a grid known in advance: growing by doubling would map and unmap
        // large blocks, and with .step points on several threads every unmap stalls them all.
        if (current.scale.empty()) data.reserve(std::max<std::size_t>(current.info.expectedPoints, 1) * x.size());
        current.width = x.size();
        current.scale.push_back(scale);
        data.insert(data.end(), x.begin(), x.end());
    }

    std::vector<RecordedAnalysis>& analyses_;
};

} // namespace cablespice::app
