#include "solver/output/table_printer.hpp"

#include <algorithm>
#include <cassert>
#include <cstdio>

#include <fmt/format.h>
#include <string>

namespace cablespice::solver {

namespace {

constexpr int kMinimumWidth = 16;
constexpr int kIndexWidth = 8;

} // namespace

void TablePrinter::writeCell(const char* text, int length, std::size_t column) {
    out_.write(text, length);
    if (column + 1 == widths_.size()) return;  // no padding after the last column
    for (int pad = widths_[column] - length; pad > 0; --pad) out_.put(' ');
    if (length >= widths_[column]) out_.put(' ');
}

void TablePrinter::beginPlot(const PlotHeader& header) {
    complex_ = header.complex;
    points_ = 0;
    widths_.assign(1, kIndexWidth);
    for (const auto& vector : header.vectors)
        widths_.push_back(std::max(kMinimumWidth, static_cast<int>(vector.name.size()) + 2));
    out_ << '\n' << header.title << '\n' << header.plotName << '\n';
    writeCell("Index", 5, 0);
    for (std::size_t i = 0; i < header.vectors.size(); ++i) {
        const std::string& name = header.vectors[i].name;
        writeCell(name.data(), static_cast<int>(name.size()), i + 1);
    }
    out_ << '\n';
}

void TablePrinter::writeIndex() {
    char text[32];
    writeCell(text, std::snprintf(text, sizeof text, "%d", points_), 0);
}

// fmt's {:.9g} writes what printf's %.9g does, at about half the cost.
void TablePrinter::addRealPoint(std::span<const double> values) {
    assert(!complex_ && values.size() + 1 == widths_.size() && "row does not match the plot");
    writeIndex();
    char text[40];
    for (std::size_t i = 0; i < values.size(); ++i) {
        const auto written = fmt::format_to_n(text, sizeof text, "{:.9g}", values[i]);
        writeCell(text, static_cast<int>(written.size), i + 1);
    }
    out_ << '\n';
    ++points_;
}

void TablePrinter::addComplexPoint(std::span<const std::complex<double>> values) {
    assert(complex_ && values.size() + 1 == widths_.size() && "row does not match the plot");
    writeIndex();
    char text[80];
    for (std::size_t i = 0; i < values.size(); ++i) {
        const auto z = values[i];
        const auto written = i == 0 ? fmt::format_to_n(text, sizeof text, "{:.9g}", z.real())  // the real scale
                                    : fmt::format_to_n(text, sizeof text, "{:.9g},{:.9g}", z.real(), z.imag());
        writeCell(text, static_cast<int>(written.size), i + 1);
    }
    out_ << '\n';
    ++points_;
}

void TablePrinter::endPlot(bool complete) {
    if (!complete) out_ << "(analysis stopped early: " << points_ << " points)\n";
    out_.flush();
}

} // namespace cablespice::solver
