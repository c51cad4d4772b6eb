#pragma once
#include "apps/engine/recorded_analysis.hpp"
#include "parser/elaborate/deck.hpp"
#include "solver/analysis/imbalance_budget.hpp"

#include <complex>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace cablespice::app {

// One element of a .sens plot point, normalized: the output's change for +1 % of the value
// (sensitivity * value / 100; in AC the value is a source's AC magnitude, R_ac for ac=).
struct NormalizedSensitivity {
    std::string vector;  // "r1", "e1_gain"
    double value = 0.0;
    std::complex<double> sensitivity, change;
};

// The normalized rows of point `point` of a recorded "Sensitivity Analysis" plot of `deck`'s
// circuit (its vectors are the circuit's sensitive elements in order).
std::vector<NormalizedSensitivity> normalizedSensitivities(const elab::Deck& deck, const RecordedAnalysis& plot,
                                                           std::size_t point);

// The point of a frequency plot nearest `at` (log scale), the first without it.
std::size_t nearestPoint(const RecordedAnalysis& plot, std::optional<double> at);

// The printed table after a .sens: each element's value, sensitivity and change for +1 %
// (AC: at the frequency nearest spec.at), largest change first.
void printNormalizedSensitivities(const elab::Deck& deck, const solver::SensSpec& spec, const RecordedAnalysis& plot,
                                  std::ostream& out);

// The printed imbalance budget: the predicted CMRR distribution and the elements ranked by
// their share of the variance of acm.
void printImbalanceBudget(const elab::Deck& deck, const solver::ImbalanceBudgetPoint& budget, std::ostream& out);

} // namespace cablespice::app
