#pragma once
#include "apps/cablespice/run_options.hpp"
#include "apps/cablespice/plot_figures.hpp"
#include "apps/cablespice/stepped_outputs.hpp"
#include "apps/engine/stepped_runner.hpp"
#include "parser/source/diagnostic_printer.hpp"
#include "solver/output/raw_writer.hpp"

#include <atomic>
#include <exception>
#include <iosfwd>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace cablespice::app {

// Writes each .step point's stdout and rawfile output as soon as that point and every earlier
// one have finished, on whichever worker holds the writer lock (the others go on working), and
// takes the point's rows for --csv, curves for --plot and entry for --json, which are written
// whole at the end. Output stays in point order whatever -j is, and a point's solution data and
// elaborated deck are freed once written (outside the lock).
// What stays serial at the end of a stepped run is writing what was taken and renaming the files.
class StepStream {
public:
    StepStream(std::vector<PointOutcome>& outcomes, const elab::Deck& base, const RunOptions& options,
               const DiagnosticPrinter& printer, std::ostream& out, std::ostream& err);

    // Called by a worker when outcomes[index] is complete. Thread-safe.
    void pointDone(std::size_t index);

    // After all points are done: moves the rawfile into place. Rethrows the first I/O error a
    // worker met while writing (the rawfile is then left unwritten).
    void finish();

    // The points' --csv tables (null without --csv).
    SteppedCsv* csvTables() { return csv_ ? &*csv_ : nullptr; }
    // The figures of the points' vectors, for writePlots (null without --plot, or when it draws
    // only meas:NAME histograms).
    PlotFigureCollector* plotFigures() { return figures_ ? &*figures_ : nullptr; }
    // Each point's --json entry (empty without --json).
    const std::vector<std::string>& jsonPoints() const { return jsonPoints_; }

private:
    void writePoint(std::size_t index);
    void writeRaw(const PointOutcome& outcome);
    bool nextReady() const;  // the first unwritten point is done

    std::vector<PointOutcome>& outcomes_;
    const elab::Deck& base_;
    const RunOptions& options_;
    const DiagnosticPrinter& printer_;
    std::ostream& out_;
    std::ostream& err_;
    std::unique_ptr<solver::RawWriter> raw_;
    std::optional<SteppedCsv> csv_;               // added to under writer_
    std::optional<PlotFigureCollector> figures_;  // added to under writer_
    std::vector<std::string> jsonPoints_;         // written under writer_

    std::mutex writer_;                           // held while writing points
    std::unique_ptr<std::atomic<bool>[]> done_;   // per point, set by its worker
    std::atomic<std::size_t> written_{0};         // points [0, written_) are out; advanced under writer_
    std::exception_ptr writeError_;
};

} // namespace cablespice::app
