#include "apps/engine/recorded_analysis.hpp"

#include <limits>
#include <type_traits>

namespace cablespice::app {

void RecordingObserver::startStoring(RecordedAnalysis& analysis, std::size_t solutionWidth) {
    analysis.width = solutionWidth;
    if (!kept_ || !analysis.info.ownVectors.empty()) return;
    analysis.columnOf.assign(solutionWidth, -1);
    for (auto u : *kept_) {
        const auto unknown = static_cast<std::size_t>(u);
        if (unknown >= solutionWidth || analysis.columnOf[unknown] >= 0) continue;
        analysis.columnOf[unknown] = static_cast<std::int32_t>(analysis.stored.size());
        analysis.stored.push_back(unknown);
    }
    analysis.width = analysis.stored.size();
    analysis.solutionWidth = solutionWidth;
}

namespace {

// Sends `analysis`'s points as the analysis produced them: every unknown, NaN where not kept.
template <typename T>
void replayPoints(const RecordedAnalysis& analysis, const std::vector<T>& data, solver::SolutionObserver& observer) {
    const auto send = [&](double scale, std::span<const T> row) {
        if constexpr (std::is_same_v<T, double>) observer.realPoint(scale, row);
        else observer.complexPoint(scale, row);
    };
    if (analysis.columnOf.empty()) {
        for (std::size_t p = 0; p < analysis.points(); ++p)
            send(analysis.scale[p], std::span(data).subspan(p * analysis.width, analysis.width));
        return;
    }
    std::vector<T> row(analysis.solutionWidth, T(std::numeric_limits<double>::quiet_NaN()));
    for (std::size_t p = 0; p < analysis.points(); ++p) {
        for (std::size_t column = 0; column < analysis.width; ++column)
            row[analysis.stored[column]] = data[p * analysis.width + column];
        send(analysis.scale[p], row);
    }
}

} // namespace

void RecordingObserver::replay(const RecordedAnalysis& analysis, solver::SolutionObserver& observer) {
    observer.begin(analysis.info);
    if (analysis.info.complex) replayPoints(analysis, analysis.complex, observer);
    else replayPoints(analysis, analysis.real, observer);
    observer.end(analysis.complete);
}

} // namespace cablespice::app
