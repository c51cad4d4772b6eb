#include "solver/output/csv_writer.hpp"

#include "tests/solver/output/temp_directory.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <vector>

using namespace cablespice::solver;
using cablespice::test::readFile;
using cablespice::test::TempDirectory;
using Complex = std::complex<double>;

namespace {

PlotHeader dcHeader() {
    return {"t", "DC transfer characteristic", false, {{"v-sweep", VectorType::Voltage}, {"v(out)", VectorType::Voltage}}};
}

PlotHeader acHeader() {
    return {"t",
            "AC Analysis",
            true,
            {{"frequency", VectorType::Frequency}, {"v(out)", VectorType::Voltage}, {"i(v1)", VectorType::Current}}};
}

void writeDcPlot(ResultSink& sink) {
    sink.beginPlot(dcHeader());
    sink.addRealPoint(std::vector<double>{0.0, 0.0});
    sink.addRealPoint(std::vector<double>{0.1, 1.0 / 3.0});
    sink.endPlot(true);
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> result;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) result.push_back(line);
    return result;
}

std::vector<double> numbers(const std::string& line) {
    std::vector<double> result;
    std::istringstream in(line);
    for (std::string field; std::getline(in, field, ',');) result.push_back(std::strtod(field.c_str(), nullptr));
    return result;
}

} // namespace

TEST_CASE("A single plot goes to the CSV base path with 10 significant digits", "[output]") {
    TempDirectory dir;
    CsvWriter writer(dir / "out.csv");
    writeDcPlot(writer);
    CHECK(dir.entries().size() == 1);  // only the temporary file so far
    CHECK_FALSE(std::filesystem::exists(dir / "out.csv"));

    const auto& paths = writer.commit();

    CHECK(paths == std::vector<std::filesystem::path>{dir / "out.csv"});
    CHECK(readFile(dir / "out.csv") == "v-sweep,v(out)\n0,0\n0.1,0.3333333333\n");
    CHECK(dir.entries() == std::vector<std::string>{"out.csv"});
}

TEST_CASE("Several plots go to numbered CSV files, the number before the extension", "[output]") {
    TempDirectory dir;
    CsvWriter writer(dir / "out.csv");
    writeDcPlot(writer);
    writeDcPlot(writer);
    writeDcPlot(writer);

    const auto& paths = writer.commit();

    CHECK(paths == std::vector<std::filesystem::path>{dir / "out.1.csv", dir / "out.2.csv", dir / "out.3.csv"});
    CHECK(dir.entries() == std::vector<std::string>{"out.1.csv", "out.2.csv", "out.3.csv"});
    CHECK(writer.writtenPaths() == paths);
    CHECK(CsvWriter::plotPath("results", 1, 2) == std::filesystem::path("results.2"));
}

TEST_CASE("Complex CSV columns are magnitude in dB and phase in degrees by default", "[output]") {
    TempDirectory dir;
    CsvWriter writer(dir / "ac.csv");
    writer.beginPlot(acHeader());
    // v(out) = 1/(1 + j): -3.0103 dB, -45 degrees; i(v1) = -0.01j: -40 dB, -90 degrees.
    writer.addComplexPoint(std::vector<Complex>{{159.0, 0.0}, 1.0 / Complex(1.0, 1.0), {0.0, -0.01}});
    writer.endPlot(true);
    writer.commit();

    const auto text = lines(readFile(dir / "ac.csv"));
    REQUIRE(text.size() == 2);
    CHECK(text[0] == "frequency,vdb(out),vp(out),db(i(v1)),ph(i(v1))");
    const auto row = numbers(text[1]);
    REQUIRE(row.size() == 5);
    CHECK(row[0] == 159.0);
    CHECK(row[1] == Approx(-10.0 * std::log10(2.0)).epsilon(1e-9));
    CHECK(row[2] == Approx(-45.0).epsilon(1e-9));
    CHECK(row[3] == Approx(-40.0).epsilon(1e-9));
    CHECK(row[4] == Approx(-90.0).epsilon(1e-9));
}

TEST_CASE("Complex CSV columns can be real and imaginary parts instead", "[output]") {
    TempDirectory dir;
    CsvWriter writer(dir / "ac.csv", CsvComplexFormat::RealImaginary);
    writer.beginPlot(acHeader());
    writer.addComplexPoint(std::vector<Complex>{{1e3, 0.0}, {0.5, -0.5}, {1.25e-3, 2.5}});
    writer.endPlot(true);
    writer.commit();

    CHECK(readFile(dir / "ac.csv") == "frequency,re(v(out)),im(v(out)),re(i(v1)),im(i(v1))\n1000,0.5,-0.5,0.00125,2.5\n");
}

TEST_CASE("CSV column names with commas are quoted", "[output]") {
    TempDirectory dir;
    CsvWriter writer(dir / "out.csv");
    writer.beginPlot({"t", "DC transfer characteristic", false, {{"v-sweep", VectorType::Voltage}, {"v(a,b)", VectorType::Voltage}}});
    writer.addRealPoint(std::vector<double>{1.0, -2.5e-12});
    writer.endPlot(true);
    writer.commit();

    CHECK(readFile(dir / "out.csv") == "v-sweep,\"v(a,b)\"\n1,-2.5e-12\n");
}

TEST_CASE("An uncommitted CSV writer leaves no files", "[output]") {
    TempDirectory dir;
    {
        CsvWriter writer(dir / "out.csv");
        writeDcPlot(writer);
        writeDcPlot(writer);
    }
    CHECK(dir.entries().empty());
}

// CSV numbers are C's %.10g (what earlier releases wrote), also for values where formatting
// libraries differ: signed zero and NaN, infinities, subnormals, exponent form, rounding.
TEST_CASE("CSV numbers are printf's %.10g, for awkward values too", "[output]") {
    const std::vector<double> values{-0.0, std::nan(""), -std::nan(""), HUGE_VAL, -HUGE_VAL, 4.9e-324, 1e-5, 9.999999999e-5,
                                     9999999999.5, 1e10, 0.1 + 0.2, 1e300, -7.25e-17};
    TempDirectory dir;
    CsvWriter writer(dir / "awkward.csv");
    writer.beginPlot({"t", "p", false, {{"x", VectorType::Other}, {"y", VectorType::Other}}});
    for (double value : values) writer.addRealPoint(std::vector<double>{value, -value});
    writer.endPlot(true);
    writer.commit();
    std::string expected = "x,y\n";
    for (double value : values) {
        char row[80];
        std::snprintf(row, sizeof row, "%.10g,%.10g\n", value, -value);
        expected += row;
    }
    CHECK(readFile(dir / "awkward.csv") == expected);
}
