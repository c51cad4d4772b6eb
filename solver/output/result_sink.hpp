#pragma once
#include <complex>
#include <span>
#include <string>
#include <vector>

namespace cablespice::solver {

// VoltageDensity/CurrentDensity: noise spectra in V/sqrt(Hz), A/sqrt(Hz) (ngspice's type names).
enum class VectorType { Time, Frequency, Voltage, Current, Other, VoltageDensity, CurrentDensity };

struct VectorInfo {
    std::string name;  // as ngspice names it: "time", "frequency", "v-sweep", "v(out)", "i(v1)"
    VectorType type = VectorType::Voltage;
};

struct PlotHeader {
    std::string title;     // netlist title
    std::string plotName;  // "Operating Point", "DC transfer characteristic", "AC Analysis", "Transient Analysis"
    bool complex = false;
    std::vector<VectorInfo> vectors;  // scale vector first
};

// Streaming consumer of analysis results: one plot at a time, one point (row) at a time.
// Rows hold one value per vector in PlotHeader order.
class ResultSink {
public:
    virtual ~ResultSink() = default;
    virtual void beginPlot(const PlotHeader& header) = 0;
    virtual void addRealPoint(std::span<const double> values) = 0;
    virtual void addComplexPoint(std::span<const std::complex<double>> values) = 0;
    // `complete` is false when the analysis stopped early (the plot holds what was computed).
    virtual void endPlot(bool complete) = 0;
};

} // namespace cablespice::solver
