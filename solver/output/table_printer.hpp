#pragma once
#include "solver/output/result_sink.hpp"

#include <ostream>
#include <vector>

namespace cablespice::solver {

// A `.print`-style table on a stream: per plot a title line, a header line with the column
// names, then one row per point with the point index and every value as %.9g. Columns are
// left-aligned and at least 16 characters wide. Complex values print as `re,im`. The front end
// chooses the columns (it passes only the vectors a .print asked for).
class TablePrinter final : public ResultSink {
public:
    explicit TablePrinter(std::ostream& out) : out_(out) {}

    void beginPlot(const PlotHeader& header) override;
    void addRealPoint(std::span<const double> values) override;
    void addComplexPoint(std::span<const std::complex<double>> values) override;
    void endPlot(bool complete) override;

private:
    void writeCell(const char* text, int length, std::size_t column);
    void writeIndex();

    std::ostream& out_;
    std::vector<int> widths_;  // column 0 is the index
    int points_ = 0;
    bool complex_ = false;
};

} // namespace cablespice::solver
