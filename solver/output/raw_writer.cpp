#include "solver/output/raw_writer.hpp"

#include <bit>
#include <cassert>
#include <cstdio>
#include <ctime>

#include <fmt/format.h>

namespace cablespice::solver {

static_assert(std::endian::native == std::endian::little, "rawfile binary data is written in host order");

namespace {

constexpr int kDigits = 15;  // ngspice DOUBLE_PRECISION

} // namespace

std::string rawDateNow() {
    std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char text[64];
    std::size_t length = std::strftime(text, sizeof text, "%a %b %e %H:%M:%S  %Y", &local);
    return std::string(text, length);
}

const char* rawTypeName(VectorType type) {
    switch (type) {
    case VectorType::Time: return "time";
    case VectorType::Frequency: return "frequency";
    case VectorType::Voltage: return "voltage";
    case VectorType::Current: return "current";
    case VectorType::Other: return "notype";
    case VectorType::VoltageDensity: return "voltage-density";
    case VectorType::CurrentDensity: return "current-density";
    }
    return "notype";
}

RawWriter::RawWriter(std::filesystem::path target, RawFormat format)
    : file_(target), data_(target.parent_path()), format_(format), date_(rawDateNow()) {}

void RawWriter::beginPlot(const PlotHeader& header) {
    assert(!plotOpen_ && "beginPlot while a plot is open");
    assert(!header.vectors.empty() && "a plot has at least its scale vector");
    header_ = header;
    plotOpen_ = true;
    points_ = 0;
    data_.clear();
}

void RawWriter::writeText(const char* text, int length) {
    assert(length >= 0 && "formatting failed");
    data_.write(text, static_cast<std::size_t>(length));
}

void RawWriter::writeAsciiIndex() {
    char text[32];
    writeText(text, std::snprintf(text, sizeof text, "%d\t", points_));
}

void RawWriter::addRealPoint(std::span<const double> values) {
    assert(plotOpen_ && !header_.complex && values.size() == header_.vectors.size() && "row does not match the plot");
    if (format_ == RawFormat::Binary) {
        data_.write(values.data(), values.size_bytes());
    } else {
        writeAsciiIndex();
        char text[64];
        // fmt's {:.Ne} writes what printf's %.Ne does, at about half the cost.
        for (double v : values) {
            const auto written = fmt::format_to_n(text, sizeof text, "\t{:.{}e}\n", v, kDigits);
            writeText(text, static_cast<int>(written.size));
        }
    }
    ++points_;
}

void RawWriter::addComplexPoint(std::span<const std::complex<double>> values) {
    assert(plotOpen_ && header_.complex && values.size() == header_.vectors.size() && "row does not match the plot");
    if (format_ == RawFormat::Binary) {
        data_.write(values.data(), values.size_bytes());  // std::complex<double> is double[2]
    } else {
        writeAsciiIndex();
        char text[96];
        for (auto v : values) {
            const auto written =
                fmt::format_to_n(text, sizeof text, "\t{:.{}e},{:.{}e}\n", v.real(), kDigits, v.imag(), kDigits);
            writeText(text, static_cast<int>(written.size));
        }
    }
    ++points_;
}

void RawWriter::writeHeader(bool complete) {
    std::string text;
    text += "Title: " + header_.title + "\n";
    text += "Date: " + date_ + "\n";
    text += "Plotname: " + header_.plotName + (complete ? "" : " (partial)") + "\n";
    text += std::string("Flags: ") + (header_.complex ? "complex" : "real") + "\n";
    text += "No. Variables: " + std::to_string(header_.vectors.size()) + "\n";
    text += "No. Points: " + std::to_string(points_) + "\n";
    text += "Variables:\n";
    for (std::size_t i = 0; i < header_.vectors.size(); ++i) {
        const VectorInfo& vector = header_.vectors[i];
        text += "\t" + std::to_string(i) + "\t" + vector.name + "\t" + rawTypeName(vector.type) + "\n";
    }
    text += format_ == RawFormat::Binary ? "Binary:\n" : "Values:\n";
    file_.write(text);
}

void RawWriter::endPlot(bool complete) {
    assert(plotOpen_ && "endPlot without beginPlot");
    writeHeader(complete);
    data_.copyTo([this](const char* bytes, std::size_t count) { file_.write(bytes, count); });
    data_.clear();
    plotOpen_ = false;
    ++plotCount_;
}

void RawWriter::commit() {
    assert(!plotOpen_ && "commit with a plot still open");
    file_.commit();
}

} // namespace cablespice::solver
