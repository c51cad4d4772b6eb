#include "apps/python/python_outcome.hpp"

#include "apps/engine/saved_vectors.hpp"
#include "apps/python/python_errors.hpp"
#include "parser/elaborate/analysis_kinds.hpp"

#include <pybind11/complex.h>
#include <pybind11/numpy.h>

#include <chrono>
#include <variant>
#include <cmath>
#include <condition_variable>
#include <exception>
#include <limits>
#include <mutex>
#include <optional>
#include <thread>

namespace py = pybind11;

namespace cablespice::python {

namespace {

// The recorded analysis's columns by rawfile name: its own vectors (CMRR: adm, acm, cmrr),
// else the .save list or every unknown, as the rawfile writes them.
std::vector<app::SavedVector> columnsOf(const app::RecordedAnalysis& analysis, const elab::Deck& deck) {
    const auto& own = analysis.info.ownVectors;
    if (own.empty()) return app::savedVectors(deck);
    std::vector<app::SavedVector> columns;
    for (std::size_t i = 0; i < own.size(); ++i) columns.push_back({own[i], static_cast<solver::Unknown>(i)});
    return columns;
}

template <typename T>
py::array_t<T> column(const app::RecordedAnalysis& analysis, std::size_t index) {
    py::array_t<T> values(static_cast<py::ssize_t>(analysis.points()));
    auto out = values.template mutable_unchecked<1>();
    for (std::size_t p = 0; p < analysis.points(); ++p) {
        auto z = analysis.value(p, index);
        if constexpr (std::is_same_v<T, double>) out(static_cast<py::ssize_t>(p)) = z.real();
        else out(static_cast<py::ssize_t>(p)) = z;
    }
    return values;
}

py::dict analysisToPython(const app::RecordedAnalysis& analysis, const solver::AnalysisSpec& spec, const elab::Deck& deck) {
    py::dict result;
    result["kind"] = std::string(elab::analysisKind(spec).name);
    result["plot"] = analysis.info.plotName;
    result["scale_name"] = analysis.info.scaleName;
    result["complete"] = analysis.complete;
    py::array_t<double> scale(static_cast<py::ssize_t>(analysis.points()));
    std::copy(analysis.scale.begin(), analysis.scale.end(), scale.mutable_data());
    result["scale"] = scale;
    // sweep() puts every point's transient on the .tran TSTEP grid.
    if (const auto* tran = std::get_if<solver::TranSpec>(&spec.kind))
        result["tran_grid"] = py::make_tuple(tran->tstart, tran->tstep, tran->tstop);
    py::dict vectors;
    for (const auto& saved : columnsOf(analysis, deck)) {
        auto index = static_cast<std::size_t>(saved.unknown);
        if (analysis.info.complex) vectors[py::str(saved.info.name)] = column<std::complex<double>>(analysis, index);
        else vectors[py::str(saved.info.name)] = column<double>(analysis, index);
    }
    result["vectors"] = vectors;
    return result;
}

// One .four table as the JSON output gives it, its columns as numpy arrays.
py::dict fourierToPython(const app::FourierReport& report) {
    const auto& rows = report.result.harmonics;
    const auto size = static_cast<py::ssize_t>(rows.size());
    py::array_t<int> harmonic(size);
    py::array_t<double> frequency(size), magnitude(size), phase(size), normMagnitude(size), normPhase(size);
    for (py::ssize_t k = 0; k < size; ++k) {
        const auto& row = rows[static_cast<std::size_t>(k)];
        harmonic.mutable_at(k) = row.number;
        frequency.mutable_at(k) = row.frequency;
        magnitude.mutable_at(k) = row.magnitude;
        phase.mutable_at(k) = row.phase;
        normMagnitude.mutable_at(k) = row.normalizedMagnitude;
        normPhase.mutable_at(k) = row.normalizedPhase;
    }
    py::dict table;
    table["vector"] = report.vector;
    table["fundamental"] = report.fundamental;
    table["thd"] = report.result.thd;
    table["harmonic"] = harmonic;
    table["frequency"] = frequency;
    table["magnitude"] = magnitude;
    table["phase"] = phase;
    table["norm_magnitude"] = normMagnitude;
    table["norm_phase"] = normPhase;
    return table;
}

} // namespace

py::dict outcomeToPython(const app::PointOutcome& outcome, const SourceManager& sources) {
    py::dict result;
    result["ok"] = outcome.ok;
    py::list errors;
    for (const auto& diagnostic : outcome.diagnostics) errors.append(renderDiagnostics(sources, {diagnostic}));
    result["errors"] = errors;
    py::dict step;
    for (const auto& [spec, value] : outcome.point.values) step[py::str(spec->name)] = value;
    result["step"] = step;
    py::list analyses;
    // A .noise records two plots (spectra, integrated noise): both are of its analysis card.
    for (std::size_t k = 0; outcome.deck && k < outcome.analyses.size(); ++k) {
        const std::size_t card = app::analysisIndexOfPlot(outcome.analyses, k);
        if (card >= outcome.deck->analyses.size()) break;
        analyses.append(analysisToPython(outcome.analyses[k], outcome.deck->analyses[card], *outcome.deck));
    }
    result["analyses"] = analyses;
    py::dict measures, measureErrors;
    for (const auto& measure : outcome.measurements) {
        measures[py::str(measure.name)] = measure.value.value_or(std::numeric_limits<double>::quiet_NaN());
        if (!measure.value) measureErrors[py::str(measure.name)] = measure.failureReason;
    }
    result["measures"] = measures;
    result["measure_errors"] = measureErrors;
    py::list fourier;
    for (const auto& report : outcome.fourier) fourier.append(fourierToPython(report));
    result["fourier"] = fourier;
    return result;
}

void runInterruptibly(const ast::Netlist& netlist, const elab::Deck& base, app::EngineOptions options,
                      std::vector<app::PointOutcome>& outcomes) {
    std::atomic<bool> interrupted{false};
    options.interrupted = &interrupted;
    std::optional<py::error_already_set> signal;
    std::exception_ptr failure;
    {
        py::gil_scoped_release release;
        std::mutex mutex;
        std::condition_variable finished;
        bool done = false;
        std::thread worker([&] {
            try {
                app::runPoints(netlist, base, options, base.options.seed, outcomes);
            } catch (...) {
                failure = std::current_exception();
            }
            std::lock_guard lock(mutex);
            done = true;
            finished.notify_one();
        });
        std::unique_lock lock(mutex);
        // Python runs its signal handlers only on the main thread with the GIL: look every
        // 50 ms, so Ctrl-C stops a long sweep instead of waiting for its end.
        while (!finished.wait_for(lock, std::chrono::milliseconds(50), [&] { return done; })) {
            if (signal) continue;
            lock.unlock();
            {
                py::gil_scoped_acquire gil;
                if (PyErr_CheckSignals() != 0) {
                    signal.emplace();
                    interrupted = true;
                }
            }
            lock.lock();
        }
        lock.unlock();
        worker.join();
    }
    if (signal) throw std::move(*signal);
    if (failure) std::rethrow_exception(failure);
}

} // namespace cablespice::python
