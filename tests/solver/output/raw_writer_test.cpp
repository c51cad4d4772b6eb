// RawWriter: the header layout of ngspice's batch writer (text golden), the binary data
// layout, whole-or-nothing output, and round trips through ngspice's own `load`.
#include "solver/output/raw_writer.hpp"

#include "tests/solver/output/temp_directory.hpp"
#include "tests/support/skip.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <numbers>
#include <sstream>
#include <sys/wait.h>
#include <vector>

using namespace cablespice::solver;
using cablespice::test::readFile;
using cablespice::test::TempDirectory;
using cablespice::test::writeFile;
using Complex = std::complex<double>;

namespace {

constexpr const char* kDate = "Wed Nov 25 04:13:56  2026";

PlotHeader transientHeader() {
    return {"rc test", "Transient Analysis", false,
            {{"time", VectorType::Time}, {"v(out)", VectorType::Voltage}, {"i(v1)", VectorType::Current}}};
}

PlotHeader acHeader() {
    return {"rc test", "AC Analysis", true, {{"frequency", VectorType::Frequency}, {"v(out)", VectorType::Voltage}}};
}

// Row k of the real test plot: time = k ms, v(out) = 1 - exp(-k/3), i(v1) = -exp(-k/3)/1000.
std::vector<double> realRow(int k) {
    const double decay = std::exp(-k / 3.0);
    return {1e-3 * k, 1.0 - decay, -decay / 1000.0};
}

// Row k of the complex test plot: the RC low-pass 1/(1 + j f/1000) at f = 10^k.
std::vector<Complex> complexRow(int k) {
    const double f = std::pow(10.0, k);
    return {Complex(f, 0.0), 1.0 / Complex(1.0, f / 1000.0)};
}

void writeRealPlot(ResultSink& sink, int points, bool complete = true) {
    sink.beginPlot(transientHeader());
    for (int k = 0; k < points; ++k) sink.addRealPoint(realRow(k));
    sink.endPlot(complete);
}

void writeComplexPlot(ResultSink& sink, int points) {
    sink.beginPlot(acHeader());
    for (int k = 0; k < points; ++k) sink.addComplexPoint(complexRow(k));
    sink.endPlot(true);
}

std::vector<double> binaryDoubles(const std::string& content, std::size_t from, std::size_t count) {
    std::vector<double> values(count);
    REQUIRE(content.size() >= from + count * sizeof(double));
    std::memcpy(values.data(), content.data() + from, count * sizeof(double));
    return values;
}

} // namespace

TEST_CASE("An ASCII rawfile has ngspice's header and value layout", "[output]") {
    TempDirectory dir;
    RawWriter writer(dir / "out.raw", RawFormat::Ascii);
    writer.setDate(kDate);
    writer.beginPlot(transientHeader());
    writer.addRealPoint(std::vector<double>{0.0, 0.5, -1e-3});
    writer.addRealPoint(std::vector<double>{1e-3, 0.25, 2.0});
    writer.endPlot(true);
    writer.commit();

    CHECK(readFile(dir / "out.raw") ==
          "Title: rc test\n"
          "Date: Wed Nov 25 04:13:56  2026\n"
          "Plotname: Transient Analysis\n"
          "Flags: real\n"
          "No. Variables: 3\n"
          "No. Points: 2\n"
          "Variables:\n"
          "\t0\ttime\ttime\n"
          "\t1\tv(out)\tvoltage\n"
          "\t2\ti(v1)\tcurrent\n"
          "Values:\n"
          "0\t\t0.000000000000000e+00\n"
          "\t5.000000000000000e-01\n"
          "\t-1.000000000000000e-03\n"
          "1\t\t1.000000000000000e-03\n"
          "\t2.500000000000000e-01\n"
          "\t2.000000000000000e+00\n");
}

TEST_CASE("An ASCII complex rawfile writes re,im pairs, the frequency scale included", "[output]") {
    TempDirectory dir;
    RawWriter writer(dir / "out.raw", RawFormat::Ascii);
    writer.setDate(kDate);
    writer.beginPlot(acHeader());
    writer.addComplexPoint(std::vector<Complex>{{10.0, 0.0}, {0.5, -0.25}});
    writer.endPlot(true);
    writer.commit();

    const std::string content = readFile(dir / "out.raw");
    CHECK_THAT(content, Catch::Contains("Flags: complex\n"));
    CHECK_THAT(content, Catch::Contains("\t0\tfrequency\tfrequency\n"));
    CHECK_THAT(content, Catch::EndsWith("Values:\n"
                                        "0\t\t1.000000000000000e+01,0.000000000000000e+00\n"
                                        "\t5.000000000000000e-01,-2.500000000000000e-01\n"));
}

TEST_CASE("A binary rawfile holds little-endian doubles row by row after its header", "[output]") {
    TempDirectory dir;
    RawWriter writer(dir / "out.raw");
    writer.setDate(kDate);
    writeRealPlot(writer, 4);
    writeComplexPlot(writer, 3);
    writer.commit();

    const std::string content = readFile(dir / "out.raw");
    const std::size_t firstData = content.find("Binary:\n") + 8;
    CHECK(content.substr(0, firstData).find("No. Points: 4\n") != std::string::npos);
    auto real = binaryDoubles(content, firstData, 4 * 3);
    for (int k = 0; k < 4; ++k)
        for (int v = 0; v < 3; ++v) CHECK(real[static_cast<std::size_t>(3 * k + v)] == realRow(k)[static_cast<std::size_t>(v)]);

    const std::size_t secondHeader = firstData + 4 * 3 * sizeof(double);
    CHECK(content.compare(secondHeader, 15, "Title: rc test\n") == 0);
    const std::size_t secondData = content.find("Binary:\n", secondHeader) + 8;
    CHECK(content.substr(secondHeader, secondData - secondHeader).find("No. Points: 3\n") != std::string::npos);
    auto complex = binaryDoubles(content, secondData, 3 * 2 * 2);
    for (int k = 0; k < 3; ++k) {
        const auto row = complexRow(k);
        CHECK(complex[static_cast<std::size_t>(4 * k + 0)] == row[0].real());
        CHECK(complex[static_cast<std::size_t>(4 * k + 1)] == 0.0);
        CHECK(complex[static_cast<std::size_t>(4 * k + 2)] == row[1].real());
        CHECK(complex[static_cast<std::size_t>(4 * k + 3)] == row[1].imag());
    }
    CHECK(content.size() == secondData + 3 * 4 * sizeof(double));
}

TEST_CASE("A plot that stopped early is marked partial in its plot name", "[output]") {
    TempDirectory dir;
    RawWriter writer(dir / "out.raw", RawFormat::Ascii);
    writeRealPlot(writer, 2, false);
    writer.commit();

    const std::string content = readFile(dir / "out.raw");
    CHECK_THAT(content, Catch::Contains("Plotname: Transient Analysis (partial)\n"));
    CHECK_THAT(content, Catch::Contains("No. Points: 2\n"));
}

TEST_CASE("An uncommitted rawfile leaves the previous file untouched and no temporary files", "[output]") {
    TempDirectory dir;
    const auto target = dir / "out.raw";
    writeFile(target, "previous\n");
    {
        RawWriter writer(target);
        writeRealPlot(writer, 100);
    }
    CHECK(readFile(target) == "previous\n");
    CHECK(dir.entries() == std::vector<std::string>{"out.raw"});
}

TEST_CASE("The rawfile date looks like ngspice's datestring", "[output]") {
    const std::string date = rawDateNow();
    // e.g. "Wed Nov 25 04:13:56  2026": weekday, month, day (space padded), time, two spaces, year.
    REQUIRE(date.size() == 25);
    CHECK(date[3] == ' ');
    CHECK(date[7] == ' ');
    CHECK(date.substr(19, 2) == "  ");
}

// --- round trips through ngspice -------------------------------------------------------------

namespace {

bool ngspiceAvailable() { return std::system("command -v ngspice > /dev/null 2>&1") == 0; }

using Table = std::vector<std::vector<double>>;

// The tables of `print` output: a line starting with "Index" opens a table, rows start with
// the point index and a tab; the index column is dropped.
std::vector<Table> printedTables(const std::string& output) {
    std::vector<Table> tables;
    std::istringstream lines(output);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.rfind("Index", 0) == 0) tables.emplace_back();
        if (tables.empty() || line.empty() || !std::isdigit(static_cast<unsigned char>(line[0]))) continue;
        std::istringstream fields(line);
        std::string field;
        std::vector<double> row;
        std::getline(fields, field, '\t');  // index
        while (std::getline(fields, field, '\t'))
            if (!field.empty()) row.push_back(std::strtod(field.c_str(), nullptr));
        tables.back().push_back(row);
    }
    return tables;
}

std::string runNgspice(const TempDirectory& dir, const std::string& controlLines) {
    writeFile(dir / "load.cir", "* rawfile load test\n.control\nset numdgt=15\nset width=400\n" + controlLines +
                                    ".endc\n.end\n");
    const std::string command = "cd '" + dir.path().string() + "' && ngspice -b load.cir > load.out 2> load.err";
    const int status = std::system(command.c_str());
    const std::string errors = readFile(dir / "load.err");
    INFO(errors);
    // `ngspice -b` exits with 1 when the deck runs no simulation, as here.
    REQUIRE((WIFEXITED(status) && WEXITSTATUS(status) <= 1));
    CHECK_THAT(errors, !Catch::Contains("rror"));
    return readFile(dir / "load.out");
}

bool closeTo(double actual, double expected) {
    return std::abs(actual - expected) <= 1e-9 * std::abs(expected) + 1e-300;
}

void checkRealTable(const Table& table, int points) {
    REQUIRE(table.size() == static_cast<std::size_t>(points));
    for (int k = 0; k < points; ++k) {
        const auto expected = realRow(k);
        REQUIRE(table[static_cast<std::size_t>(k)].size() == 3);
        for (std::size_t v = 0; v < 3; ++v) CHECK(closeTo(table[static_cast<std::size_t>(k)][v], expected[v]));
    }
}

// print frequency vdb(out) vp(out): |z| in dB and the phase in radians (ngspice's default unit).
void checkComplexTable(const Table& table, int points) {
    REQUIRE(table.size() == static_cast<std::size_t>(points));
    for (int k = 0; k < points; ++k) {
        const double f = std::pow(10.0, k);
        const double db = -10.0 * std::log10(1.0 + (f / 1000.0) * (f / 1000.0));
        const double phase = -std::atan(f / 1000.0);
        const auto& row = table[static_cast<std::size_t>(k)];
        REQUIRE(row.size() == 3);
        CHECK(closeTo(row[0], f));
        CHECK(std::abs(row[1] - db) <= 1e-9 * std::max(1.0, std::abs(db)));
        CHECK(std::abs(row[2] - phase) <= 1e-9 * std::max(1e-3, std::abs(phase)));
    }
}

void checkRoundTrip(RawFormat format) {
    TempDirectory dir;
    RawWriter writer(dir / "out.raw", format);
    writeRealPlot(writer, 7);
    writeComplexPlot(writer, 6);
    writeRealPlot(writer, 3, false);
    writer.commit();

    const std::string output = runNgspice(dir, "load out.raw\n"
                                               "setplot tran1\nprint time v(out) i(v1)\n"
                                               "setplot ac1\nprint frequency vdb(out) vp(out)\n"
                                               "setplot tran2\nprint time v(out) i(v1)\n");
    INFO(output);
    CHECK_THAT(output, Catch::Contains("Transient Analysis (partial)"));
    const auto tables = printedTables(output);
    REQUIRE(tables.size() == 3);
    checkRealTable(tables[0], 7);
    checkComplexTable(tables[1], 6);
    checkRealTable(tables[2], 3);
}

} // namespace

TEST_CASE("ngspice loads a binary rawfile with real, complex and partial plots", "[output][ngspice]") {
    if (!ngspiceAvailable()) {
        CABLESPICE_SKIP_TEST("ngspice is not on PATH: rawfile round trip not run");
    }
    checkRoundTrip(RawFormat::Binary);
}

TEST_CASE("ngspice loads an ASCII rawfile with real, complex and partial plots", "[output][ngspice]") {
    if (!ngspiceAvailable()) {
        CABLESPICE_SKIP_TEST("ngspice is not on PATH: rawfile round trip not run");
    }
    checkRoundTrip(RawFormat::Ascii);
}

// ASCII rawfile numbers are C's %.15e (ngspice's), also for values where formatting libraries
// differ: signed zero and NaN, infinities, subnormals, three-digit exponents.
TEST_CASE("ASCII rawfile numbers are printf's %.15e, for awkward values too", "[output]") {
    const std::vector<double> values{-0.0, std::nan(""), -std::nan(""), HUGE_VAL, 4.9e-324, 1e300, 0.1 + 0.2, -7.25e-17};
    TempDirectory dir;
    RawWriter writer(dir / "awkward.raw", RawFormat::Ascii);
    writer.setDate(kDate);
    writer.beginPlot(transientHeader());
    for (double value : values) writer.addRealPoint(std::vector<double>{value, -value, value});
    writer.endPlot(true);
    writer.commit();
    const std::string text = readFile(dir / "awkward.raw");
    std::string expected;
    for (std::size_t k = 0; k < values.size(); ++k) {
        char row[160];
        std::snprintf(row, sizeof row, "%zu\t\t%.15e\n\t%.15e\n\t%.15e\n", k, values[k], -values[k], values[k]);
        expected += row;
    }
    CHECK(text.substr(text.find("Values:\n") + 8) == expected);
}
