#include "solver/output/table_printer.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <sstream>
#include <vector>

using namespace cablespice::solver;

TEST_CASE("The table printer writes a header line and one %.9g row per point", "[output]") {
    std::ostringstream out;
    TablePrinter printer(out);
    printer.beginPlot({"my circuit", "Transient Analysis", false, {{"time", VectorType::Time}, {"v(out)", VectorType::Voltage}}});
    printer.addRealPoint(std::vector<double>{0.0, 1.0 / 3.0});
    printer.addRealPoint(std::vector<double>{1e-3, -2.0});
    printer.endPlot(true);

    CHECK(out.str() ==
          "\nmy circuit\nTransient Analysis\n"
          "Index   time            v(out)\n"
          "0       0               0.333333333\n"
          "1       0.001           -2\n");
}

TEST_CASE("The table printer prints complex values as re,im and notes an early stop", "[output]") {
    std::ostringstream out;
    TablePrinter printer(out);
    printer.beginPlot({"t", "AC Analysis", true, {{"frequency", VectorType::Frequency}, {"v(out)", VectorType::Voltage}}});
    printer.addComplexPoint(std::vector<std::complex<double>>{{100.0, 0.0}, {0.5, -0.25}});
    printer.endPlot(false);

    CHECK(out.str() ==
          "\nt\nAC Analysis\n"
          "Index   frequency       v(out)\n"
          "0       100             0.5,-0.25\n"
          "(analysis stopped early: 1 points)\n");
}

// The printed numbers are C's %.9g (what ngspice's tables and earlier releases print), also for
// values where formatting libraries differ: signed zero and NaN, infinities, subnormals, the
// switch to exponent form, and rounding to nine digits.
TEST_CASE("Printed numbers are printf's %.9g, for awkward values too", "[output]") {
    const std::vector<double> values{-0.0,   std::nan(""), -std::nan(""), HUGE_VAL, -HUGE_VAL, 4.9e-324, 2.2250738585072014e-308,
                                     1e-5,   9.99999999e-5, 1e-4,          999999999.5, 1e9,     123456789.0,  0.1 + 0.2,
                                     1e300,  -7.25e-17};
    for (double value : values) {
        std::ostringstream out;
        TablePrinter printer(out);
        printer.beginPlot({"t", "p", false, {{"x", VectorType::Other}}});
        printer.addRealPoint(std::vector<double>{value});
        char expected[64];
        std::snprintf(expected, sizeof expected, "%.9g", value);
        const std::string text = out.str();
        const auto row = text.substr(text.rfind("0       ") + 8);
        CHECK(row == std::string(expected) + "\n");
    }
}
