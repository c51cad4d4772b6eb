#include "apps/cablespice/plot_writer.hpp"

#include "apps/cablespice/gnuplot_process.hpp"
#include "apps/cablespice/gnuplot_script.hpp"
#include "apps/cablespice/measure_histogram.hpp"
#include "apps/cablespice/plot_figures.hpp"
#include "solver/output/atomic_file.hpp"
#include "solver/output/csv_writer.hpp"

#include <algorithm>
#include <iterator>
#include <memory>
#include <optional>
#include <ostream>
#include <sstream>
#include <system_error>

namespace cablespice::app {

namespace {

void printMessages(const std::string& messages, std::ostream& err) {
    std::istringstream lines(messages);
    for (std::string line; std::getline(lines, line);)
        if (!line.empty()) err << "cablespice: gnuplot: " << line << '\n';
}

std::vector<std::string> renderAll(const std::vector<PlotFigure>& figures, PlotFormat format, std::ostream& err) {
    auto gnuplot = findGnuplotOnPath();
    if (!gnuplot) throw PlotError(missingGnuplotError());
    std::vector<std::string> images;
    for (const auto& figure : figures) {
        auto output = runGnuplot(*gnuplot, gnuplotScript(figure, format));
        printMessages(output.messages, err);
        images.push_back(std::move(output.image));
    }
    return images;
}

// Same naming rule as --csv: FILE when one image, FILE.1.EXT, FILE.2.EXT, ... otherwise.
void writeAll(const std::filesystem::path& base, const std::vector<std::string>& images) {
    std::vector<std::unique_ptr<solver::AtomicFile>> files;
    int count = static_cast<int>(images.size());
    for (int i = 0; i < count; ++i) {
        files.push_back(std::make_unique<solver::AtomicFile>(solver::CsvWriter::plotPath(base, i, count)));
        files.back()->write(images[static_cast<std::size_t>(i)]);
    }
    for (auto& file : files) file->commit();
}

bool isMeasureHistogram(const elab::OutputVector& vector) { return vector.first.starts_with(kMeasurePlotPrefix); }

// The meas:NAME histograms --plot-vectors asks for, after the figures of the vectors.
std::vector<PlotFigure> figuresFor(const elab::Deck& base, PlotFigureCollector* vectorFigures,
                                   const std::vector<PointOutcome>& outcomes, const std::vector<elab::OutputVector>& requested) {
    std::vector<std::string> measures;
    for (const auto& vector : requested)
        if (isMeasureHistogram(vector)) measures.push_back(vector.first.substr(kMeasurePlotPrefix.size()));
    std::vector<PlotFigure> figures;
    if (vectorFigures) figures = vectorFigures->figures();
    for (auto& histogram : measureHistograms(base, outcomes, measures)) figures.push_back(std::move(histogram));
    return figures;
}

} // namespace

std::optional<PlotFigureCollector> vectorFiguresFor(const elab::Deck& base, const RunOptions& options) {
    const auto& requested = options.plotVectors;
    if (!options.plotFile || (!requested.empty() && std::all_of(requested.begin(), requested.end(), isMeasureHistogram)))
        return std::nullopt;
    std::vector<elab::OutputVector> vectors;
    std::copy_if(requested.begin(), requested.end(), std::back_inserter(vectors),
                 [](const auto& vector) { return !isMeasureHistogram(vector); });
    return PlotFigureCollector(base, vectors);
}

std::string missingGnuplotError() {
    if (findGnuplotOnPath()) return "";
    return "--plot needs gnuplot (Debian package gnuplot-nox), not found on PATH";
}

bool writePlots(const elab::Deck& base, const std::vector<PointOutcome>& outcomes, const RunOptions& options,
                std::ostream& err) {
    auto vectorFigures = vectorFiguresFor(base, options);
    if (vectorFigures)
        for (const auto& outcome : outcomes) vectorFigures->add(outcome);
    return writePlots(base, vectorFigures ? &*vectorFigures : nullptr, outcomes, options, err);
}

bool writePlots(const elab::Deck& base, PlotFigureCollector* vectorFigures, const std::vector<PointOutcome>& outcomes,
                const RunOptions& options, std::ostream& err) {
    try {
        auto format = plotFormatFor(*options.plotFile);
        if (!format) throw PlotError("--plot " + options.plotFile->string() + ": the file name must end in .svg or .png");
        auto figures = figuresFor(base, vectorFigures, outcomes, options.plotVectors);
        if (vectorFigures)
            for (const auto& warning : vectorFigures->warnings()) err << "cablespice: warning: " << warning << '\n';
        writeAll(*options.plotFile, renderAll(figures, *format, err));
        return true;
    } catch (const PlotError& error) {
        err << "cablespice: error: " << error.what() << '\n';
    } catch (const std::system_error& error) {
        err << "cablespice: error: --plot: " << error.what() << '\n';
    }
    return false;
}

} // namespace cablespice::app
