#include "apps/cablespice/stepped_outputs.hpp"

#include "apps/cablespice/missing_vectors.hpp"
#include "apps/engine/output_observers.hpp"
#include "solver/output/csv_writer.hpp"

#include "solver/output/complex_parts.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <ostream>

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

// The vectors of plot `analysis` at this point: its own (shown) ones by index, else the deck's
// saved vectors at its unknowns.
std::vector<SavedVector> vectorsOf(const RecordedAnalysis& analysis, const elab::Deck& deck) {
    const auto& own = analysis.info.ownVectors;
    if (own.empty()) return savedVectors(deck);
    std::vector<SavedVector> vectors;
    const std::size_t shown = solver::shownOwnVectors(analysis.info);
    for (std::size_t i = 0; i < shown; ++i) vectors.push_back({own[i], static_cast<solver::Unknown>(i)});
    return vectors;
}

// Where this point holds each of the table's vectors: its own list when it names the same vectors
// in the same order (every point of one topology), else looked up by name; nullopt where the
// point has no such vector (a line with more sections at the first point).
std::vector<std::optional<solver::Unknown>> placesOf(const std::vector<std::string>& names,
                                                     const std::vector<SavedVector>& vectors) {
    std::vector<std::optional<solver::Unknown>> places;
    places.reserve(names.size());
    const bool same = vectors.size() == names.size() &&
                      std::equal(names.begin(), names.end(), vectors.begin(),
                                 [](const std::string& name, const SavedVector& vector) { return name == vector.info.name; });
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (same) {
            places.push_back(vectors[i].unknown);
            continue;
        }
        auto found = std::find_if(vectors.begin(), vectors.end(), [&](const SavedVector& v) { return v.info.name == names[i]; });
        places.push_back(found == vectors.end() ? std::nullopt : std::optional(found->unknown));
    }
    return places;
}

void warnMissing(const std::vector<std::string>& names, const std::vector<std::optional<solver::Unknown>>& places,
                 const PointOutcome& outcome, std::ostream& err) {
    std::vector<std::string> missing;
    for (std::size_t i = 0; i < places.size(); ++i)
        if (!places[i]) missing.push_back(names[i]);
    if (missing.empty()) return;
    err << "cablespice: warning: " << missingVectorsWarning("--csv", outcome, missing, "they are NaN in its rows") << '\n';
}

} // namespace

SteppedCsv::SteppedCsv(const elab::Deck& base, solver::CsvComplexFormat format, std::ostream& err)
    : base_(base), format_(format), err_(err) {}

void SteppedCsv::add(const PointOutcome& outcome) {
    if (failure_) return;
    try {
        const elab::Deck& deck = outcome.deckOr(base_);
        for (std::size_t index = 0; index < outcome.analyses.size(); ++index) {
            const auto& analysis = outcome.analyses[index];
            if (tables_.size() <= index) {
                // The first point with this plot names the table's columns.
                tables_.resize(index + 1);
                Table& table = tables_[index];
                const auto vectors = vectorsOf(analysis, deck);
                table.header = csvHeader(base_, analysis, vectors, format_);
                table.complex = analysis.info.complex;
                for (const auto& vector : vectors) table.names.push_back(vector.info.name);
            }
            addRows(tables_[index], outcome, analysis, deck);
        }
    } catch (...) {  // reported by write(), at the end
        failure_ = std::current_exception();
    }
}

void SteppedCsv::addRows(Table& table, const PointOutcome& outcome, const RecordedAnalysis& analysis,
                         const elab::Deck& deck) {
    const auto places = placesOf(table.names, vectorsOf(analysis, deck));
    warnMissing(table.names, places, outcome, err_);
    constexpr double kAbsent = std::numeric_limits<double>::quiet_NaN();
    std::vector<double> row;
    for (std::size_t p = 0; p < analysis.points(); ++p) {
        row.clear();
        for (const auto& value : outcome.point.values) row.push_back(value.second);
        if (!analysis.info.scaleName.empty()) row.push_back(analysis.scale[p]);
        for (const auto& place : places)
            appendValue(row, place ? analysis.value(p, static_cast<std::size_t>(*place)) : std::complex(kAbsent, kAbsent),
                        table.complex, format_);
        table.rows.insert(table.rows.end(), row.begin(), row.end());
    }
}

void SteppedCsv::write(const std::filesystem::path& file) {
    if (failure_) std::rethrow_exception(failure_);
    solver::CsvWriter csv(file, format_);
    // One CSV plot per recorded plot (a .noise analysis records two).
    for (const auto& table : tables_) {
        csv.beginPlot(table.header);
        const std::size_t width = table.header.vectors.size();
        for (std::size_t at = 0; width > 0 && at + width <= table.rows.size(); at += width)
            csv.addRealPoint(std::span<const double>(table.rows).subspan(at, width));
        csv.endPlot(true);
    }
    csv.commit();
}

} // namespace cablespice::app
