#pragma once
#include <string_view>

namespace cablespice::solver {

// The name of each plot an analysis records (AnalysisInfo::plotName; ngspice's names where
// ngspice has the analysis, as rawfiles carry them). Defined once: the analyses that record the
// plots and the front ends that tell recorded plots apart both use these.
namespace plot_names {
inline constexpr std::string_view kOperatingPoint = "Operating Point";
inline constexpr std::string_view kDcSweep = "DC transfer characteristic";
inline constexpr std::string_view kAc = "AC Analysis";
inline constexpr std::string_view kTransient = "Transient Analysis";
inline constexpr std::string_view kCmrr = "CMRR Analysis";
inline constexpr std::string_view kNoiseSpectrum = "Noise Spectral Density Curves";
inline constexpr std::string_view kIntegratedNoise = "Integrated Noise";
inline constexpr std::string_view kSensitivity = "Sensitivity Analysis";
inline constexpr std::string_view kImbalanceBudget = "Imbalance Budget";
} // namespace plot_names

} // namespace cablespice::solver
