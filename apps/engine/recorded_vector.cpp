#include "apps/engine/recorded_vector.hpp"

#include "apps/engine/output_item_evaluator.hpp"
#include "parser/elaborate/vector_locator.hpp"

#include <algorithm>

namespace cablespice::app {

namespace {

std::optional<std::size_t> ownIndex(const RecordedAnalysis& analysis, const std::string& name) {
    const auto& own = analysis.info.ownVectors;
    auto found = std::find_if(own.begin(), own.end(), [&](const auto& vector) { return vector.name == name; });
    if (found == own.end()) return std::nullopt;
    return static_cast<std::size_t>(found - own.begin());
}

// Every unknown a probe reads must have been recorded (with a .save list, only what the
// outputs read is: recordedUnknowns()).
bool recorded(const elab::VectorProbe& probe, const RecordedAnalysis& analysis) {
    for (auto u : elab::unknownsRead(probe))
        if (!analysis.holds(static_cast<std::size_t>(u))) return false;
    return true;
}

} // namespace

std::variant<RecordedVector, std::string> RecordedVector::locate(const elab::OutputVector& vector, const elab::Deck& deck,
                                                                 const RecordedAnalysis& analysis) {
    RecordedVector result(analysis);
    const std::string notRecorded = vector.text + " is not part of the recorded " + analysis.info.plotName;
    if (!analysis.info.ownVectors.empty()) {
        const std::string notOwn = vector.text + " is not a vector of the " + analysis.info.plotName;
        auto index = ownIndex(analysis, vector.first);
        if (vector.expression || vector.quantity != elab::OutputQuantity::Voltage || !index) return notOwn;
        result.column_ = *index;
        result.realValued_ = analysis.info.ownVectors[*index].type == solver::VectorType::Other;
        if (vector.second.empty()) return result;
        result.reference_ = ownIndex(analysis, vector.second);
        if (!result.reference_) return notOwn;
        return result;
    }
    elab::OutputVector located = vector;
    if (vector.expression) {
        if (auto reason = elab::locateExpressionCalls(located, *deck.circuit)) return *reason;
        for (const auto& probe : located.expressionProbes)
            if (!recorded(probe, analysis)) return notRecorded;
    } else {
        auto probe = elab::locateVector(vector, *deck.circuit);
        if (const auto* reason = std::get_if<std::string>(&probe)) return *reason;
        located.probe = std::get<elab::VectorProbe>(probe);
        if (!recorded(located.probe, analysis)) return notRecorded;
    }
    result.located_ = std::move(located);
    return result;
}

RecordedVector RecordedVector::located(const elab::OutputVector& vector, const RecordedAnalysis& analysis) {
    RecordedVector result(analysis);
    result.located_ = vector;
    return result;
}

std::vector<std::complex<double>> RecordedVector::values() const {
    const RecordedAnalysis& analysis = *analysis_;
    std::vector<std::complex<double>> values(analysis.points());
    if (!located_) {
        for (std::size_t p = 0; p < values.size(); ++p)
            values[p] = analysis.value(p, column_) - (reference_ ? analysis.value(p, *reference_) : 0.0);
        return values;
    }
    // Points in order: a capacitor current's derivative needs the points before.
    OutputItemEvaluator evaluator(*located_, analysis.info);
    for (std::size_t p = 0; p < values.size(); ++p)
        values[p] = evaluator.next(analysis.scale[p],
                                   [&](solver::Unknown u) { return analysis.value(p, static_cast<std::size_t>(u)); });
    return values;
}

} // namespace cablespice::app
