#pragma once
#include <stdexcept>
#include <string>
#include <vector>

namespace cablespice::app {

// One line of a plot: a vector over the analysis scale at one .step point.
struct PlotCurve {
    std::string title;  // legend entry, e.g. "vdb(out) dr=10"
    std::vector<double> x;
    std::vector<double> y;
};

// One image: the curves of one analysis across every .step point.
struct PlotFigure {
    std::string title;
    std::string xLabel;
    std::string yLabel;
    bool logX = false;
    std::vector<PlotCurve> curves;
};

// Why --plot could not draw (bad vector names, gnuplot failing, files not writable); the
// front end prints it as "cablespice: error: MESSAGE".
class PlotError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

} // namespace cablespice::app
