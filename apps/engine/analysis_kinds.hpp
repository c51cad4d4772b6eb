#pragma once
#include "parser/elaborate/output_request.hpp"
#include "solver/analysis/analysis_spec.hpp"

#include <array>
#include <string_view>
#include <variant>

namespace cablespice::app {

// The one table of analysis kinds: for each alternative of solver::AnalysisSpec::kind, in
// variant order, the .print/.plot/.meas kind and the name the Python module and JSON use. A
// new analysis adds its row here (the static_assert below fails until it does).
struct AnalysisKind {
    elab::PrintAnalysis print;
    std::string_view name;  // "op", "dc", "ac", "tran", "cmrr", "noise", "sens", "sens_cmrr"
};

inline constexpr std::array kAnalysisKinds{
    AnalysisKind{elab::PrintAnalysis::Op, "op"},     AnalysisKind{elab::PrintAnalysis::Dc, "dc"},
    AnalysisKind{elab::PrintAnalysis::Ac, "ac"},     AnalysisKind{elab::PrintAnalysis::Tran, "tran"},
    AnalysisKind{elab::PrintAnalysis::Cmrr, "cmrr"},  AnalysisKind{elab::PrintAnalysis::Noise, "noise"},
    AnalysisKind{elab::PrintAnalysis::Sens, "sens"},  AnalysisKind{elab::PrintAnalysis::Sens, "sens_cmrr"},
};
static_assert(kAnalysisKinds.size() == std::variant_size_v<decltype(solver::AnalysisSpec::kind)>,
              "every analysis kind needs its row in kAnalysisKinds");

inline const AnalysisKind& analysisKind(const solver::AnalysisSpec& analysis) {
    return kAnalysisKinds[analysis.kind.index()];
}

} // namespace cablespice::app
