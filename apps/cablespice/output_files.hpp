#pragma once
#include "apps/engine/output_observers.hpp"
#include "apps/cablespice/run_options.hpp"
#include "solver/output/csv_writer.hpp"
#include "solver/output/raw_writer.hpp"

#include <memory>

namespace cablespice::app {

// The rawfile and CSV outputs a run asked for, fed by one SinkObserver each.
class OutputFiles {
public:
    OutputFiles(const RunOptions& options, const elab::Deck& deck);

    void attach(ObserverFan& fan);
    // Moves the files into place (each one whole).
    void commit();

private:
    std::unique_ptr<solver::RawWriter> raw_;
    std::unique_ptr<solver::CsvWriter> csv_;
    std::unique_ptr<SinkObserver> rawObserver_;
    std::unique_ptr<SinkObserver> csvObserver_;
};

} // namespace cablespice::app
