#include "apps/cablespice/step_stream.hpp"

#include "apps/cablespice/analysis_runner.hpp"
#include "apps/cablespice/output_observers.hpp"
#include "apps/cablespice/saved_vectors.hpp"
#include "solver/output/table_printer.hpp"

#include <ostream>

namespace cablespice::app {

namespace {

void printPoint(const PointOutcome& outcome, const DiagnosticPrinter& printer, std::ostream& out, std::ostream& err) {
    std::string label = outcome.point.label();
    for (auto diagnostic : outcome.diagnostics) {
        diagnostic.notes.push_back(DiagnosticNote{{}, "at .step point " + label});
        printer.print(err, diagnostic);
    }
    if (!outcome.deck) return;
    out << "--- step " << label << (outcome.ok ? "" : " (failed)") << " ---\n" << outcome.opText;
    solver::TablePrinter table(out);
    for (std::size_t k = 0; k < outcome.analyses.size(); ++k) {
        PrintObserver print(table, *outcome.deck, printKind(outcome.deck->analyses[k]));
        if (!print.empty()) RecordingObserver::replay(outcome.analyses[k], print);
        if (!outcome.analyses[k].info.ownVectors.empty()) {
            SinkObserver ownTable(table, outcome.deck->title, {});
            RecordingObserver::replay(outcome.analyses[k], ownTable);
        }
    }
    printMeasures(outcome.measurements, label, out);
}

// The bulky part of a written point; what stays (point, status, measurements, diagnostics) is
// what the JSON output and the exit code need.
struct PointSolutions {
    std::unique_ptr<elab::Deck> deck;
    std::vector<RecordedAnalysis> analyses;
    std::string opText;
};

PointSolutions takeSolutions(PointOutcome& outcome) {
    return {std::move(outcome.deck), std::move(outcome.analyses), std::move(outcome.opText)};
}

} // namespace

StepStream::StepStream(std::vector<PointOutcome>& outcomes, const RunOptions& options, const DiagnosticPrinter& printer,
                       std::ostream& out, std::ostream& err)
    : outcomes_(outcomes), printer_(printer), out_(out), err_(err),
      keepSolutions_(options.csvFile.has_value() || options.plotFile.has_value()), done_(outcomes.size(), false) {
    if (options.rawFile)
        raw_ = std::make_unique<solver::RawWriter>(*options.rawFile,
                                                   options.asciiRaw ? solver::RawFormat::Ascii : solver::RawFormat::Binary);
}

void StepStream::writeRaw(const PointOutcome& outcome) {
    if (!raw_ || writeError_ || !outcome.deck) return;
    try {
        SinkObserver sink(*raw_, outcome.deck->title + " (" + outcome.point.label() + ")", savedVectors(*outcome.deck));
        for (const auto& analysis : outcome.analyses) RecordingObserver::replay(analysis, sink);
    } catch (...) {
        writeError_ = std::current_exception();
    }
}

void StepStream::writePoint(PointOutcome& outcome) {
    printPoint(outcome, printer_, out_, err_);
    writeRaw(outcome);
}

void StepStream::pointDone(std::size_t index) {
    std::vector<PointSolutions> written;
    {
        std::lock_guard lock(mutex_);
        done_[index] = true;
        for (; written_ < outcomes_.size() && done_[written_]; ++written_) {
            writePoint(outcomes_[written_]);
            if (!keepSolutions_) written.push_back(takeSolutions(outcomes_[written_]));
        }
    }
    // `written` is freed here, outside the lock, in parallel with the other workers.
}

void StepStream::finish() {
    if (writeError_) std::rethrow_exception(writeError_);
    if (raw_) raw_->commit();
}

} // namespace cablespice::app
