#pragma once
#include "solver/analysis/analysis_spec.hpp"
#include "solver/analysis/plot_names.hpp"

#include <array>
#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace cablespice::elab {

// What .print, .plot and .meas select results by; Any: every analysis (no word on the card).
enum class PrintAnalysis { Any, Op, Dc, Ac, Tran, Cmrr, Noise, Sens };

// The one table of analysis kinds: a row for each alternative of solver::AnalysisSpec::kind,
// in variant order. Whatever names an analysis reads its words here: its card (".tran"), the
// word .print/.plot/.meas select it by, the name the Python module and JSON give it, and the
// rawfile plot it records (the solver's names, which the analyses themselves write, see
// solver/analysis/plot_names.hpp). A new analysis adds its row (the static_assert below fails
// until it does).
struct AnalysisKind {
    PrintAnalysis print;
    std::string_view word;      // its card without the dot; what .print/.plot/.meas write when `selectable`
    std::string_view name;      // the Python module's Analysis.kind and the JSON's
    std::string_view plotName;  // the (first) plot it records
    bool selectable;            // .print, .plot and .meas name it
};

inline constexpr std::array kAnalysisKinds{
    AnalysisKind{PrintAnalysis::Op, "op", "op", solver::plot_names::kOperatingPoint, true},
    AnalysisKind{PrintAnalysis::Dc, "dc", "dc", solver::plot_names::kDcSweep, true},
    AnalysisKind{PrintAnalysis::Ac, "ac", "ac", solver::plot_names::kAc, true},
    AnalysisKind{PrintAnalysis::Tran, "tran", "tran", solver::plot_names::kTransient, true},
    AnalysisKind{PrintAnalysis::Cmrr, "cmrr", "cmrr", solver::plot_names::kCmrr, true},
    AnalysisKind{PrintAnalysis::Noise, "noise", "noise", solver::plot_names::kNoiseSpectrum, true},
    AnalysisKind{PrintAnalysis::Sens, "sens", "sens", solver::plot_names::kSensitivity, false},
    AnalysisKind{PrintAnalysis::Sens, "sens", "sens_cmrr", solver::plot_names::kImbalanceBudget, false},  // .sens cmrr
};
static_assert(kAnalysisKinds.size() == std::variant_size_v<decltype(solver::AnalysisSpec::kind)>,
              "every analysis kind needs its row in kAnalysisKinds");

inline const AnalysisKind& analysisKind(const solver::AnalysisSpec& analysis) {
    return kAnalysisKinds[analysis.kind.index()];
}

// The row of the (first) kind `print` selects.
inline const AnalysisKind& analysisKind(PrintAnalysis print) {
    for (const auto& kind : kAnalysisKinds)
        if (kind.print == print) return kind;
    assert(false && "PrintAnalysis::Any names no analysis kind");
    return kAnalysisKinds.front();
}

// The kind .print/.plot/.meas select by `lowerWord` ("tran"), if it is one.
inline std::optional<PrintAnalysis> analysisNamed(std::string_view lowerWord) {
    for (const auto& kind : kAnalysisKinds)
        if (kind.selectable && kind.word == lowerWord) return kind.print;
    return std::nullopt;
}

// The kind whose card is `lowerKeyword` (".sens": Sens), if it is one.
inline std::optional<PrintAnalysis> analysisOfCard(std::string_view lowerKeyword) {
    if (!lowerKeyword.starts_with('.')) return std::nullopt;
    for (const auto& kind : kAnalysisKinds)
        if (kind.word == lowerKeyword.substr(1)) return kind.print;
    return std::nullopt;
}

inline std::string_view analysisWord(PrintAnalysis print) { return analysisKind(print).word; }

// ".ac", ".tran", ... for messages.
inline std::string analysisCard(PrintAnalysis print) {
    std::string card(1, '.');  // appended, not "." + word: GCC 12's -Wrestrict false positive (bug 105329)
    return card.append(analysisWord(print));
}

} // namespace cablespice::elab
