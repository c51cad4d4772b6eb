#pragma once
#include "apps/engine/vector_evaluator.hpp"
#include "parser/elaborate/measure_spec.hpp"

#include <complex>
#include <optional>
#include <vector>

namespace cablespice::app {

// The value of one resolved .print/.plot item at each point of an analysis, points in order:
// a vector (VectorEvaluator), or a {expression} item, evaluated with its vector calls'
// values (their parts: db(), mag(), ...) and its captured .param values. An expression that
// cannot be evaluated at a point (a division by zero, ...) is NaN there.
class OutputItemEvaluator {
public:
    OutputItemEvaluator(const elab::OutputVector& item, const solver::AnalysisInfo& info);

    std::complex<double> next(double scale, const VectorEvaluator::ValueAt& valueAt);

private:
    std::optional<VectorEvaluator> vector_;
    const elab::OutputExpression* source_ = nullptr;
    expr::Expression expression_;  // the source's, its vector calls replaced by numbers
    std::vector<VectorEvaluator> calls_;
    bool complex_ = false;
};

} // namespace cablespice::app
