#pragma once
#include "apps/cablespice/run_options.hpp"
#include "apps/engine/saved_vectors.hpp"
#include "apps/engine/stepped_runner.hpp"
#include "solver/output/result_sink.hpp"

#include <exception>
#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

namespace cablespice::app {

// The --csv of a stepped run: one table per recorded plot, a column per stepped parameter, the
// scale, then the vectors the first point with the plot has (its .save list, every node and
// branch without one, or the plot's own vectors). Built point by point as the points are
// written (step_stream.hpp), each point's values read at its own deck's unknowns by vector name,
// so that the point's deck and plots can be freed at once; written whole at the end.
class SteppedCsv {
public:
    // Warnings go to `err`.
    SteppedCsv(const elab::Deck& base, solver::CsvComplexFormat format, std::ostream& err);

    // One point's rows; call for every point, in point order. Reads the point during the call only.
    void add(const PointOutcome& outcome);

    // Writes the file (or NAME.1.csv, NAME.2.csv, ... when several tables). Throws what add()
    // met or the file's I/O error.
    void write(const std::filesystem::path& file);

private:
    struct Table {
        solver::PlotHeader header;
        std::vector<std::string> names;  // the vectors, in column order
        bool complex = false;
        std::vector<double> rows;        // row-major, header.vectors.size() a row
    };
    void addRows(Table& table, const PointOutcome& outcome, const RecordedAnalysis& analysis, const elab::Deck& deck);

    const elab::Deck& base_;
    solver::CsvComplexFormat format_;
    std::ostream& err_;
    std::vector<Table> tables_;  // per recorded plot index
    std::exception_ptr failure_;
};

} // namespace cablespice::app
