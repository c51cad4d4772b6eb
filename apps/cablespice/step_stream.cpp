#include "apps/cablespice/step_stream.hpp"

#include "apps/cablespice/noise_report.hpp"
#include "apps/cablespice/plot_writer.hpp"
#include "apps/cablespice/run_json.hpp"

#include "parser/elaborate/analysis_kinds.hpp"
#include "apps/engine/analysis_runner.hpp"
#include "apps/engine/fourier_report.hpp"
#include "apps/engine/output_observers.hpp"
#include "apps/engine/saved_vectors.hpp"
#include "solver/output/table_printer.hpp"

#include <ostream>

namespace cablespice::app {

namespace {

void printPoint(const PointOutcome& outcome, const RunOptions& options, const DiagnosticPrinter& printer, std::ostream& out,
                std::ostream& err) {
    std::string label = outcome.point.label();
    for (auto diagnostic : outcome.diagnostics) {
        diagnostic.notes.push_back(DiagnosticNote{{}, "at .step point " + label});
        printer.print(err, diagnostic);
    }
    if (!outcome.deck) return;
    out << "--- step " << label << (outcome.ok ? "" : " (failed)") << " ---\n" << outcome.opText;
    solver::TablePrinter table(out);
    for (std::size_t k = 0; k < outcome.analyses.size(); ++k) {
        PrintObserver print(table, *outcome.deck, elab::analysisKind(outcome.deck->analyses[analysisIndexOfPlot(outcome.analyses, k)]).print);
        if (!print.empty()) RecordingObserver::replay(outcome.analyses[k], print);
        if (!outcome.analyses[k].info.ownVectors.empty()) {
            SinkObserver ownTable(table, outcome.deck->title, {});
            RecordingObserver::replay(outcome.analyses[k], ownTable);
        }
    }
    printFourier(outcome.fourier, out);
    if (options.noiseReport) printNoiseReport(outcome.analyses, options.noiseReferenceDbu, out);
    printMeasures(outcome.measurements, label, out);
}

// The bulky part of a written point, freed once the outputs have taken what they read from it;
// what stays (point, status, measurements, diagnostics) is what the statistics and the exit code
// need.
struct PointSolutions {
    std::unique_ptr<elab::Deck> deck;
    std::vector<RecordedAnalysis> analyses;
    std::string opText;
};

PointSolutions takeSolutions(PointOutcome& outcome) {
    return PointSolutions{std::move(outcome.deck), std::move(outcome.analyses), std::move(outcome.opText)};
}

} // namespace

StepStream::StepStream(std::vector<PointOutcome>& outcomes, const elab::Deck& base, const RunOptions& options,
                       const DiagnosticPrinter& printer, std::ostream& out, std::ostream& err)
    : outcomes_(outcomes), base_(base), options_(options), printer_(printer), out_(out), err_(err),
      figures_(vectorFiguresFor(base, options)), done_(std::make_unique<std::atomic<bool>[]>(outcomes.size())) {
    if (options.csvFile) csv_.emplace(base, options.csvComplex, err);
    if (options.jsonFile) jsonPoints_.resize(outcomes.size());
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

void StepStream::writePoint(std::size_t index) {
    const PointOutcome& outcome = outcomes_[index];
    printPoint(outcome, options_, printer_, out_, err_);
    writeRaw(outcome);
    if (csv_) csv_->add(outcome);
    if (figures_) figures_->add(outcome);
    if (options_.jsonFile) jsonPoints_[index] = runJsonPoint(outcome, outcome.deckOr(base_));
}

bool StepStream::nextReady() const {
    const std::size_t next = written_.load();
    return next < outcomes_.size() && done_[next].load();
}

void StepStream::pointDone(std::size_t index) {
    done_[index].store(true);
    std::vector<PointSolutions> written;
    // Whoever holds the writer lock writes every ready point; a worker that finds it taken goes
    // back to work instead of waiting. The holder looks again after unlocking, so a point marked
    // done while it was writing is never left behind.
    while (nextReady()) {
        std::unique_lock lock(writer_, std::try_to_lock);
        if (!lock) break;
        for (; nextReady(); ++written_) {
            const std::size_t index = written_.load();
            writePoint(index);
            written.push_back(takeSolutions(outcomes_[index]));
        }
    }
    // `written` is freed here, outside the lock, in parallel with the other workers.
}

void StepStream::finish() {
    if (writeError_) std::rethrow_exception(writeError_);
    if (raw_) raw_->commit();
}

} // namespace cablespice::app
