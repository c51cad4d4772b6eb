#include "apps/engine/transient_samples.hpp"

#include "apps/engine/vector_evaluator.hpp"
#include "solver/analysis/plot_names.hpp"

namespace cablespice::app {

const RecordedAnalysis* firstTransient(const std::vector<RecordedAnalysis>& analyses) {
    for (const auto& analysis : analyses)
        if (analysis.info.plotName == solver::plot_names::kTransient) return &analysis;
    return nullptr;
}

std::vector<double> vectorSamples(const RecordedAnalysis& analysis, const elab::OutputVector& vector) {
    std::vector<double> values(analysis.points());
    VectorEvaluator evaluator(vector.probe, analysis.info);
    for (std::size_t p = 0; p < values.size(); ++p)
        values[p] = evaluator
                        .next(analysis.scale[p],
                              [&](solver::Unknown u) { return analysis.value(p, static_cast<std::size_t>(u)); })
                        .real();
    return values;
}

} // namespace cablespice::app
