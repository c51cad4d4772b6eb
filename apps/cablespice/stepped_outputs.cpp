#include "apps/cablespice/stepped_outputs.hpp"

#include "apps/engine/output_observers.hpp"
#include "apps/cablespice/run_json.hpp"
#include "solver/output/csv_writer.hpp"

#include "solver/output/complex_parts.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace cablespice::app {

namespace {

// Complex values become two real columns so parameter columns stay plain numbers.
std::vector<std::string> complexColumns(const std::string& name, solver::CsvComplexFormat format) {
    if (format == solver::CsvComplexFormat::RealImaginary) return {"re(" + name + ")", "im(" + name + ")"};
    if (name.starts_with("v(")) return {"vdb" + name.substr(1), "vp" + name.substr(1)};
    return {"db(" + name + ")", "ph(" + name + ")"};
}

solver::PlotHeader csvHeader(const elab::Deck& base, const RecordedAnalysis& analysis, const std::vector<SavedVector>& vectors,
                             solver::CsvComplexFormat format) {
    solver::PlotHeader header{base.title, analysis.info.plotName, false, {}};
    for (const auto& step : base.steps) header.vectors.push_back({step.name, solver::VectorType::Other});
    if (!analysis.info.scaleName.empty()) header.vectors.push_back({analysis.info.scaleName, analysis.info.scaleType});
    for (const auto& vector : vectors) {
        if (!analysis.info.complex) {
            header.vectors.push_back(vector.info);
            continue;
        }
        for (auto& column : complexColumns(vector.info.name, format)) header.vectors.push_back({column, vector.info.type});
    }
    return header;
}

void appendValue(std::vector<double>& row, std::complex<double> z, bool complex, solver::CsvComplexFormat format) {
    if (!complex) {
        row.push_back(z.real());
    } else if (format == solver::CsvComplexFormat::RealImaginary) {
        row.push_back(z.real());
        row.push_back(z.imag());
    } else {
        row.push_back(solver::decibels(z));
        row.push_back(solver::phaseDegrees(z));
    }
}

void writeCsvAnalysis(solver::CsvWriter& csv, const elab::Deck& base, const std::vector<PointOutcome>& outcomes,
                      std::size_t index, solver::CsvComplexFormat format) {
    const PointOutcome* first = nullptr;
    for (const auto& outcome : outcomes)
        if (outcome.analyses.size() > index && !first) first = &outcome;
    if (!first) return;
    // The first point's deck stays for this (StepStream); every point's columns are read at its unknowns.
    auto vectors = savedVectors(first->deck ? *first->deck : base);
    const auto& own = first->analyses[index].info.ownVectors;
    if (!own.empty()) {
        vectors.clear();
        const std::size_t shown = solver::shownOwnVectors(first->analyses[index].info);
        for (std::size_t i = 0; i < shown; ++i) vectors.push_back({own[i], static_cast<solver::Unknown>(i)});
    }
    csv.beginPlot(csvHeader(base, first->analyses[index], vectors, format));
    std::vector<double> row;
    for (const auto& outcome : outcomes) {
        if (outcome.analyses.size() <= index) continue;
        const auto& analysis = outcome.analyses[index];
        for (std::size_t p = 0; p < analysis.points(); ++p) {
            row.clear();
            for (const auto& value : outcome.point.values) row.push_back(value.second);
            if (!analysis.info.scaleName.empty()) row.push_back(analysis.scale[p]);
            for (const auto& vector : vectors)
                appendValue(row, analysis.value(p, static_cast<std::size_t>(vector.unknown)), analysis.info.complex, format);
            csv.addRealPoint(row);
        }
    }
    csv.endPlot(true);
}

void writeCsv(const elab::Deck& base, const std::vector<PointOutcome>& outcomes, const RunOptions& options) {
    solver::CsvWriter csv(*options.csvFile, options.csvComplex);
    // One CSV plot per recorded plot (a .noise analysis records two).
    std::size_t plots = 0;
    for (const auto& outcome : outcomes) plots = std::max(plots, outcome.analyses.size());
    for (std::size_t k = 0; k < plots; ++k) writeCsvAnalysis(csv, base, outcomes, k, options.csvComplex);
    csv.commit();
}

} // namespace

void writeSteppedOutputs(const elab::Deck& base, const std::vector<PointOutcome>& outcomes,
                         const std::vector<std::string>& jsonPoints, const RunOptions& options) {
    if (options.csvFile) writeCsv(base, outcomes, options);
    if (options.jsonFile) writeRunJson(*options.jsonFile, base, outcomes, jsonPoints);
}

} // namespace cablespice::app
