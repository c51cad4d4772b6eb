#include "apps/cablespice/transient_samples.hpp"

namespace cablespice::app {

const RecordedAnalysis* firstTransient(const std::vector<RecordedAnalysis>& analyses) {
    for (const auto& analysis : analyses)
        if (analysis.info.plotName == "Transient Analysis") return &analysis;
    return nullptr;
}

std::vector<double> vectorSamples(const RecordedAnalysis& analysis, const elab::OutputVector& vector) {
    std::vector<double> values(analysis.points());
    for (std::size_t p = 0; p < values.size(); ++p)
        values[p] = (analysis.value(p, static_cast<std::size_t>(vector.unknown)) -
                     analysis.value(p, static_cast<std::size_t>(vector.reference)))
                        .real();
    return values;
}

} // namespace cablespice::app
