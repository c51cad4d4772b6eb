#pragma once
#include "solver/output/result_sink.hpp"
#include "solver/sources/source_value.hpp"

#include <complex>
#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace cablespice::solver {

struct AnalysisInfo {
    std::string plotName;  // "Operating Point", "DC transfer characteristic", "AC Analysis", "Transient Analysis"
    std::string scaleName; // "", "v-sweep", "i-sweep", "frequency", "time"
    VectorType scaleType = VectorType::Other;
    bool complex = false;
    // When not empty, each point's x holds exactly these vectors (after the scale) instead of
    // the circuit's unknowns (e.g. the CMRR plot's adm, acm, cmrr).
    std::vector<VectorInfo> ownVectors = {};
    // Number of points when it is known before the first one (AC and CMRR grids), else 0:
    // lets a recorder allocate once instead of growing (and remapping) point by point.
    std::size_t expectedPoints = 0;
    // A DC sweep of an independent source: that source's value, which is the scale at each point
    // (an evaluation after the run reads the scale, as the source is restored by then).
    const SourceValue* sweptSource = nullptr;
    // The last `recordedOnly` ownVectors are for recorders alone (--json's per-element noise
    // without .options noisecontrib): printed tables, rawfiles and CSV leave them out.
    std::size_t recordedOnly = 0;
};

// How many of a plot's own vectors are printed and written (the first ones).
inline std::size_t shownOwnVectors(const AnalysisInfo& info) { return info.ownVectors.size() - info.recordedOnly; }

// Receives every solution point of an analysis as the full unknown vector x (index 0 is
// ground = 0, index u is Unknown u). The front end adapts this to rawfile/CSV/.print,
// selecting vectors (.save) and computing derived quantities (v(a,b), vdb, ...).
class SolutionObserver {
public:
    virtual ~SolutionObserver() = default;
    virtual void begin(const AnalysisInfo& info) = 0;
    virtual void realPoint(double scale, std::span<const double> x) = 0;
    virtual void complexPoint(double scale, std::span<const std::complex<double>> x) = 0;
    virtual void end(bool complete) = 0;
};

} // namespace cablespice::solver
