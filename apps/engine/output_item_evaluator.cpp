#include "apps/engine/output_item_evaluator.hpp"

#include "apps/engine/vector_part.hpp"

#include <limits>
#include <variant>

namespace cablespice::app {

namespace {

// The .param values and .func definitions captured with the item.
class CapturedScope final : public expr::Scope {
public:
    explicit CapturedScope(const elab::OutputExpression& source) : source_(source) {}

    std::optional<double> value(std::string_view name) const override {
        if (auto it = source_.params.find(name); it != source_.params.end()) return it->second;
        return std::nullopt;
    }
    const expr::UserFunction* function(std::string_view name) const override {
        auto it = source_.functions.find(name);
        return it == source_.functions.end() ? nullptr : &it->second;
    }

private:
    const elab::OutputExpression& source_;
};

} // namespace

OutputItemEvaluator::OutputItemEvaluator(const elab::OutputVector& item, const solver::AnalysisInfo& info)
    : complex_(info.complex) {
    if (!item.expression) {
        vector_.emplace(item.probe, info);
        return;
    }
    source_ = item.expression.get();
    expression_ = source_->expression.parsed;
    for (std::size_t k = 0; k < source_->expression.vectors.size(); ++k) {
        calls_.emplace_back(item.expressionProbes.at(k), info);
        expression_.nodes[source_->expression.vectors[k].node].kind = expr::NumberNode{0.0};
    }
}

std::complex<double> OutputItemEvaluator::next(double scale, const VectorEvaluator::ValueAt& valueAt) {
    if (vector_) return vector_->next(scale, valueAt);
    const auto& vectors = source_->expression.vectors;
    for (std::size_t k = 0; k < calls_.size(); ++k)
        std::get<expr::NumberNode>(expression_.nodes[vectors[k].node].kind).value =
            vectorPart(vectors[k].part, calls_[k].next(scale, valueAt), complex_);
    auto result = expr::evaluate(expression_, CapturedScope(*source_));
    if (const auto* value = std::get_if<double>(&result)) return *value;
    return std::numeric_limits<double>::quiet_NaN();
}

} // namespace cablespice::app
