#include "apps/engine/long_run_warning.hpp"

#include "solver/analysis/transient_step_control.hpp"

#include <fmt/format.h>

#include <cmath>
#include <variant>

namespace cablespice::app {

std::optional<Diagnostic> longTransientWarning(const solver::Circuit& circuit, const solver::AnalysisSpec& analysis) {
    const auto* tran = std::get_if<solver::TranSpec>(&analysis.kind);
    if (!tran || !(tran->tstep > 0.0) || !(tran->tstop > 0.0)) return std::nullopt;  // runTransient reports those
    double largestStep = solver::resolveStepLimits(*tran, solver::TransientOptions{}).tmax;
    bool lineLimited = false;
    for (const auto* device : circuit.historyDevices()) {
        if (device->maxStep() < largestStep) {
            largestStep = device->maxStep();
            lineLimited = true;
        }
    }
    if (!(largestStep > 0.0) || !std::isfinite(largestStep)) return std::nullopt;
    const double points = tran->tstop / largestStep;
    if (!(points > kLongRunPoints)) return std::nullopt;
    return Diagnostic{Severity::Warning, analysis.origin,
                      fmt::format(".tran needs at least {:.3g} time points: TSTOP {:g} s in steps of at most {:g} s ({}); "
                                  "this run will take very long",
                                  points, tran->tstop, largestStep, lineLimited ? "a transmission line's delay" : "TMAX"),
                      {}};
}

} // namespace cablespice::app
