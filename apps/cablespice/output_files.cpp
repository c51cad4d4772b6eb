#include "apps/cablespice/output_files.hpp"

namespace cablespice::app {

OutputFiles::OutputFiles(const RunOptions& options, const elab::Deck& deck) {
    if (options.rawFile) {
        raw_ = std::make_unique<solver::RawWriter>(*options.rawFile,
                                                   options.asciiRaw ? solver::RawFormat::Ascii : solver::RawFormat::Binary);
        rawObserver_ = std::make_unique<SinkObserver>(*raw_, deck.title, savedVectors(deck));
    }
    if (options.csvFile) {
        csv_ = std::make_unique<solver::CsvWriter>(*options.csvFile, options.csvComplex);
        csvObserver_ = std::make_unique<SinkObserver>(*csv_, deck.title, savedVectors(deck));
    }
}

void OutputFiles::attach(ObserverFan& fan) {
    if (rawObserver_) fan.add(*rawObserver_);
    if (csvObserver_) fan.add(*csvObserver_);
}

void OutputFiles::commit() {
    if (raw_) raw_->commit();
    if (csv_) csv_->commit();
}

} // namespace cablespice::app
