#pragma once
#include "solver/output/atomic_file.hpp"
#include "solver/output/result_sink.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace cablespice::solver {

// How a complex (AC) vector becomes CSV columns. The scale (frequency) is always one real column.
enum class CsvComplexFormat {
    DecibelPhase,  // magnitude in dB (20 log10 |z|) and phase in degrees: vdb(x), vp(x)
    RealImaginary  // re(name), im(name)             (--csv-complex reim)
};

// Writes each plot as its own CSV file: a header row of column names, then one row per point,
// numbers as %.10g, fields quoted per RFC 4180 when a name holds a comma or quote (v(a,b)).
//
// File naming, decided at commit() when the number of plots is known: with base path
// `out.csv`, a run with one plot writes `out.csv`; a run with several plots writes
// `out.1.csv`, `out.2.csv`, ... in plot order (the number goes before the extension; a base
// without extension gets `.1`, `.2` appended). Each file is an AtomicFile: nothing is visible
// before commit(), and an abandoned writer leaves the target paths untouched.
//
// Complex column names: a voltage vector "v(x)" gives vdb(x)/vp(x); any other vector name n
// gives db(n)/ph(n); real/imaginary columns are re(n)/im(n). A plot that ended early keeps the
// rows it has (CSV has no place to mark it partial).
class CsvWriter final : public ResultSink {
public:
    explicit CsvWriter(std::filesystem::path basePath, CsvComplexFormat complexFormat = CsvComplexFormat::DecibelPhase);
    ~CsvWriter() override;

    void beginPlot(const PlotHeader& header) override;
    void addRealPoint(std::span<const double> values) override;
    void addComplexPoint(std::span<const std::complex<double>> values) override;
    void endPlot(bool complete) override;

    // Renames every plot's file into place; returns (and keeps) the paths written.
    const std::vector<std::filesystem::path>& commit();
    const std::vector<std::filesystem::path>& writtenPaths() const { return written_; }

    // The naming rule above: path of plot `index` (0-based) out of `count` plots.
    static std::filesystem::path plotPath(const std::filesystem::path& basePath, int index, int count);

private:
    void writeHeaderRow(const PlotHeader& header);
    void appendNumber(double value, bool first);
    void writeRow();

    std::filesystem::path base_;
    CsvComplexFormat complexFormat_;
    std::vector<std::unique_ptr<AtomicFile>> files_;
    std::vector<std::filesystem::path> written_;
    bool plotOpen_ = false;
    std::size_t vectorCount_ = 0;
    fmt::memory_buffer row_;  // the row being formatted, written whole
};

} // namespace cablespice::solver
