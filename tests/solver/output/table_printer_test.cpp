#include "solver/output/table_printer.hpp"

#include <catch2/catch.hpp>

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
