#include "apps/engine/sensitivity_report.hpp"

#include "solver/analysis/sensitivity_analysis.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace cablespice::app {

std::vector<NormalizedSensitivity> normalizedSensitivities(const elab::Deck& deck, const RecordedAnalysis& plot,
                                                           std::size_t point) {
    const bool ac = plot.info.complex;
    const auto elements = solver::sensitiveElements(*deck.circuit, ac);
    std::vector<NormalizedSensitivity> rows;
    for (std::size_t k = 0; k < elements.size() && k < plot.info.ownVectors.size(); ++k) {
        const double value = ac ? elements[k].device->acSensitivityValue() : elements[k].device->sensitivityValue();
        const std::complex<double> sensitivity = plot.value(point, k);
        rows.push_back({elements[k].vectorName, value, sensitivity, sensitivity * value / 100.0});
    }
    return rows;
}

std::size_t nearestPoint(const RecordedAnalysis& plot, std::optional<double> at) {
    std::size_t best = 0;
    if (!at) return best;
    for (std::size_t k = 1; k < plot.points(); ++k)
        if (std::abs(std::log(plot.scale[k] / *at)) < std::abs(std::log(plot.scale[best] / *at))) best = k;
    return best;
}

namespace {

std::string outputName(const elab::Deck& deck, const solver::SensSpec& spec) {
    if (!spec.outputSource.empty()) return "i(" + deck.displayName(spec.outputSource) + ")";
    return "v(" + spec.outputPositiveNode + (spec.outputNegativeNode.empty() ? "" : "," + spec.outputNegativeNode) + ")";
}

} // namespace

void printNormalizedSensitivities(const elab::Deck& deck, const solver::SensSpec& spec, const RecordedAnalysis& plot,
                                  std::ostream& out) {
    if (plot.points() == 0) return;
    const bool ac = plot.info.complex;
    const std::size_t point = ac ? nearestPoint(plot, spec.at) : 0;
    auto rows = normalizedSensitivities(deck, plot, point);
    std::stable_sort(rows.begin(), rows.end(),
                     [](const auto& a, const auto& b) { return std::abs(a.change) > std::abs(b.change); });
    out << "\nSensitivity of " << outputName(deck, spec) << " to +1 % of each element value";
    if (ac) out << fmt::format(" at {:g} Hz", plot.scale[point]);
    out << " (largest first):\n";
    if (ac) {
        out << fmt::format("  {:<16} {:>14} {:>28} {:>28} {:>14}\n", "element", "value", "sensitivity (re, im)",
                           "change for +1 % (re, im)", "|change|");
        for (const auto& row : rows)
            out << fmt::format("  {:<16} {:>14.6g} {:>13.6g} {:>14.6g} {:>13.6g} {:>14.6g} {:>14.6g}\n", row.vector, row.value,
                               row.sensitivity.real(), row.sensitivity.imag(), row.change.real(), row.change.imag(),
                               std::abs(row.change));
        return;
    }
    out << fmt::format("  {:<16} {:>14} {:>14} {:>16}\n", "element", "value", "sensitivity", "change for +1 %");
    for (const auto& row : rows)
        out << fmt::format("  {:<16} {:>14.6g} {:>14.6g} {:>16.6g}\n", row.vector, row.value, row.sensitivity.real(),
                           row.change.real());
}

void printImbalanceBudget(const elab::Deck& deck, const solver::ImbalanceBudgetPoint& budget, std::ostream& out) {
    out << fmt::format("\nImbalance budget at {:g} Hz (first-order, Gaussian model of acm):\n", budget.frequency);
    out << fmt::format("  adm = {:.6g}{:+.6g}j   acm (nominal) = {:.6g}{:+.6g}j   sd(acm) = {:.6g}\n", budget.adm.real(),
                       budget.adm.imag(), budget.acm.real(), budget.acm.imag(), budget.sdAcm);
    out << fmt::format("  CMRR: nominal {:.2f} dB, predicted median {:.2f} dB, 1 % point {:.2f} dB, 99 % point {:.2f} dB\n",
                       budget.cmrrNominal, budget.cmrrMedian, budget.cmrrP1, budget.cmrrP99);
    auto elements = budget.elements;
    std::stable_sort(elements.begin(), elements.end(), [](const auto& a, const auto& b) { return a.variance > b.variance; });
    const double total = budget.sdAcm * budget.sdAcm;
    out << fmt::format("  {:<20} {:>14} {:>28} {:>10}\n", "element", "sd (value)", "d acm / d value (re, im)", "share %");
    for (const auto& element : elements)
        out << fmt::format("  {:<20} {:>14.6g} {:>13.6g} {:>14.6g} {:>10.2f}\n", deck.displayName(element.name), element.sd,
                           element.dacm.real(), element.dacm.imag(), total > 0.0 ? 100.0 * element.variance / total : 0.0);
}

} // namespace cablespice::app
