#pragma once
#include "solver/output/atomic_file.hpp"
#include "solver/output/result_sink.hpp"
#include "solver/output/scratch_file.hpp"

#include <filesystem>
#include <string>

namespace cablespice::solver {

enum class RawFormat { Binary, Ascii };

// Writes an ngspice-compatible rawfile (the layout of ngspice's batch writer, outitf.c):
// every plot is a header (Title, Date, Plotname, Flags, No. Variables, No. Points, Variables)
// followed by `Binary:` data (little-endian doubles, row by row, complex as re,im pairs) or
// `Values:` text; several plots follow one another in the same file.
//
// Points are streamed into a scratch file, and the header with the final point count is emitted
// at endPlot. A plot that ended early (endPlot(false)) is named "<plot name> (partial)"; ngspice
// loads it like any other plot. The whole rawfile lives in an AtomicFile: nothing appears at the
// target path until commit(), and an abandoned writer leaves an existing target untouched.
// I/O failures throw std::system_error.
class RawWriter final : public ResultSink {
public:
    explicit RawWriter(std::filesystem::path target, RawFormat format = RawFormat::Binary);

    // Text of the `Date:` lines; defaults to the local time at construction, formatted as
    // ngspice does ("Wed Nov 25 04:13:56  2026").
    void setDate(std::string date) { date_ = std::move(date); }

    void beginPlot(const PlotHeader& header) override;
    void addRealPoint(std::span<const double> values) override;
    void addComplexPoint(std::span<const std::complex<double>> values) override;
    void endPlot(bool complete) override;

    void commit();
    int plotCount() const { return plotCount_; }

private:
    void writeHeader(bool complete);
    void writeAsciiIndex();
    void writeText(const char* text, int length);

    AtomicFile file_;
    ScratchFile data_;
    RawFormat format_;
    std::string date_;
    PlotHeader header_;
    bool plotOpen_ = false;
    int points_ = 0;
    int plotCount_ = 0;
};

// Local time as ngspice's datestring() prints it.
std::string rawDateNow();
// ngspice's type name of a vector: "time", "frequency", "voltage", "current" or "notype".
const char* rawTypeName(VectorType type);

} // namespace cablespice::solver
