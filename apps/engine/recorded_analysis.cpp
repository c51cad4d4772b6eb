#include "apps/engine/recorded_analysis.hpp"

namespace cablespice::app {

void RecordingObserver::replay(const RecordedAnalysis& analysis, solver::SolutionObserver& observer) {
    observer.begin(analysis.info);
    for (std::size_t p = 0; p < analysis.points(); ++p) {
        if (analysis.info.complex)
            observer.complexPoint(analysis.scale[p], std::span(analysis.complex).subspan(p * analysis.width, analysis.width));
        else
            observer.realPoint(analysis.scale[p], std::span(analysis.real).subspan(p * analysis.width, analysis.width));
    }
    observer.end(analysis.complete);
}

} // namespace cablespice::app
