#include "solver/output/csv_writer.hpp"

#include "solver/output/complex_parts.hpp"

#include <cassert>
#include <cmath>
#include <iterator>
#include <numbers>

namespace cablespice::solver {

namespace {

std::string quoted(const std::string& field) {
    if (field.find_first_of(",\"\n") == std::string::npos) return field;
    std::string text = "\"";
    for (char c : field) {
        if (c == '"') text += '"';
        text += c;
    }
    return text + "\"";
}

// "v(x)" -> "x" when the vector is a node voltage, else empty.
std::string voltageNode(const VectorInfo& vector) {
    const std::string& name = vector.name;
    if (vector.type != VectorType::Voltage || name.size() < 4) return {};
    if ((name[0] != 'v' && name[0] != 'V') || name[1] != '(' || name.back() != ')') return {};
    return name.substr(2, name.size() - 3);
}

void appendComplexColumns(std::string& row, const VectorInfo& vector, CsvComplexFormat format) {
    if (format == CsvComplexFormat::RealImaginary) {
        row += "," + quoted("re(" + vector.name + ")") + "," + quoted("im(" + vector.name + ")");
        return;
    }
    std::string node = voltageNode(vector);
    if (!node.empty()) {
        row += "," + quoted("vdb(" + node + ")") + "," + quoted("vp(" + node + ")");
        return;
    }
    row += "," + quoted("db(" + vector.name + ")") + "," + quoted("ph(" + vector.name + ")");
}

} // namespace

CsvWriter::CsvWriter(std::filesystem::path basePath, CsvComplexFormat complexFormat)
    : base_(std::move(basePath)), complexFormat_(complexFormat) {}

CsvWriter::~CsvWriter() = default;

std::filesystem::path CsvWriter::plotPath(const std::filesystem::path& basePath, int index, int count) {
    if (count == 1) return basePath;
    std::filesystem::path path = basePath;
    const std::string number = "." + std::to_string(index + 1);
    if (!basePath.has_extension()) return path += number;
    return path.replace_extension(number + basePath.extension().string());
}

void CsvWriter::writeHeaderRow(const PlotHeader& header) {
    std::string row = quoted(header.vectors.front().name);
    for (std::size_t i = 1; i < header.vectors.size(); ++i) {
        if (header.complex) {
            appendComplexColumns(row, header.vectors[i], complexFormat_);
            continue;
        }
        row += "," + quoted(header.vectors[i].name);
    }
    files_.back()->write(row + "\n");
}

void CsvWriter::beginPlot(const PlotHeader& header) {
    assert(!plotOpen_ && "beginPlot while a plot is open");
    assert(!header.vectors.empty() && "a plot has at least its scale vector");
    // Provisional name; commit() renames within the same directory.
    files_.push_back(std::make_unique<AtomicFile>(plotPath(base_, static_cast<int>(files_.size()), 2)));
    writeHeaderRow(header);
    vectorCount_ = header.vectors.size();
    plotOpen_ = true;
}

// fmt's {:.10g} writes what printf's %.10g does, at about half the cost; a long transient's CSV
// is mostly number formatting.
void CsvWriter::appendNumber(double value, bool first) {
    if (!first) row_.push_back(',');
    fmt::format_to(std::back_inserter(row_), "{:.10g}", value);
}

void CsvWriter::writeRow() {
    row_.push_back('\n');
    files_.back()->write(row_.data(), row_.size());
    row_.clear();
}

void CsvWriter::addRealPoint(std::span<const double> values) {
    assert(plotOpen_ && values.size() == vectorCount_ && "row does not match the plot");
    for (std::size_t i = 0; i < values.size(); ++i) appendNumber(values[i], i == 0);
    writeRow();
}

void CsvWriter::addComplexPoint(std::span<const std::complex<double>> values) {
    assert(plotOpen_ && values.size() == vectorCount_ && "row does not match the plot");
    appendNumber(values.front().real(), true);  // the scale (frequency) is real
    const bool polar = complexFormat_ == CsvComplexFormat::DecibelPhase;
    for (auto z : values.subspan(1)) {
        appendNumber(polar ? decibels(z) : z.real(), false);
        appendNumber(polar ? phaseDegrees(z) : z.imag(), false);
    }
    writeRow();
}

void CsvWriter::endPlot(bool /*complete*/) {
    assert(plotOpen_ && "endPlot without beginPlot");
    plotOpen_ = false;
}

const std::vector<std::filesystem::path>& CsvWriter::commit() {
    assert(!plotOpen_ && "commit with a plot still open");
    const int count = static_cast<int>(files_.size());
    for (int i = 0; i < count; ++i) {
        std::filesystem::path path = plotPath(base_, i, count);
        files_[static_cast<std::size_t>(i)]->commitAs(path);
        written_.push_back(path);
    }
    return written_;
}

} // namespace cablespice::solver
