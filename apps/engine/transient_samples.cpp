#include "apps/engine/transient_samples.hpp"

#include "apps/engine/recorded_vector.hpp"
#include "solver/analysis/plot_names.hpp"

#include <algorithm>

namespace cablespice::app {

const RecordedAnalysis* firstTransient(const std::vector<RecordedAnalysis>& analyses) {
    for (const auto& analysis : analyses)
        if (analysis.info.plotName == solver::plot_names::kTransient) return &analysis;
    return nullptr;
}

std::vector<double> vectorSamples(const RecordedAnalysis& analysis, const elab::OutputVector& vector) {
    const auto values = RecordedVector::located(vector, analysis).values();
    std::vector<double> samples(values.size());
    std::transform(values.begin(), values.end(), samples.begin(), [](std::complex<double> z) { return z.real(); });
    return samples;
}

} // namespace cablespice::app
